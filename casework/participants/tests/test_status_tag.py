"""The status tag every list and record shows: the status's name in its GOV.UK colour."""

import pytest

from casework.participants.models import Participant, Status
from casework.templating import status_tag


@pytest.mark.parametrize(
    ("status", "colour", "label"),
    [
        (Status.REFERRED, "govuk-tag--blue", "Referred"),
        (Status.ENROLLED, "govuk-tag--turquoise", "Enrolled"),
        (Status.IN_WORK, "govuk-tag--green", "In work"),
        (Status.EXITED, "govuk-tag--grey", "Exited"),
    ],
)
def test_each_status_has_its_colour_and_name(status, colour, label):
    assert status_tag(Participant(status=status)) == (
        f'<strong class="govuk-tag {colour}">{label}</strong>'
    )


def test_an_unknown_status_shows_as_stored_and_escaped():
    assert status_tag(Participant(status="<b>new</b>")) == (
        '<strong class="govuk-tag ">&lt;b&gt;new&lt;/b&gt;</strong>'
    )
