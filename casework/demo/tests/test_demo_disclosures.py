"""The demo holds disclosures of each kind South Midlands' register allows, made through the
gate, and a second run adds none."""

import pytest
from django.core.management import call_command

from casework.disclosures.models import (
    Disclosure,
    DisclosureKind,
    SafeguardingDisclosure,
    SafeguardingStatus,
)

pytestmark = pytest.mark.django_db


def test_the_demo_holds_disclosures_of_each_kind():
    call_command("load_demo", verbosity=0)
    kinds = set(Disclosure.objects.values_list("kind", flat=True))
    assert kinds == {
        DisclosureKind.DOCUMENT,
        DisclosureKind.REFERRAL,
        DisclosureKind.SAFEGUARDING,
        DisclosureKind.STATUTORY_REQUEST,
        DisclosureKind.EXTRACT,
    }
    extract = Disclosure.objects.get(kind=DisclosureKind.EXTRACT)
    assert extract.participant_count == extract.participants.count() > 1
    assert SafeguardingDisclosure.objects.filter(
        status=SafeguardingStatus.AWAITING_APPROVAL
    ).exists()
    count = Disclosure.objects.count()
    call_command("load_demo", verbosity=0)
    assert Disclosure.objects.count() == count
