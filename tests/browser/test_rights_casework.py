"""The whole of a person's rights casework in headless Chromium, on one participant (Alice
Archer): she asks on the public page on her phone; the data protection officer verifies her,
pauses the clock for proof of identity, resumes it and refuses her erasure under public task
with the reason (Art 17(3)(b)); answers her access request with a pack, redacting a third party
from a note and releasing it (read as HTML, downloaded as PDF and JSON); corrects a detail with
its history; and restricts the record, which disappears from the reports and their CSVs and
from the group register. axe-core runs on every page. Each part is also a test of its own
(test_rights_requests, test_subject_access_pack, test_rectify_and_restrict)."""

import pytest

from casework.testing.registers import publish_register
from tests.browser.test_rectify_and_restrict import correct_a_detail_and_restrict_the_record
from tests.browser.test_rights_requests import (
    ask_on_a_phone_verify_pause_resume_and_refuse_erasure,
)
from tests.browser.test_subject_access_pack import redact_a_third_party_and_release_the_pack

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_one_persons_rights_from_the_public_page_to_a_restricted_record(
    new_page, world, participant_a, tmp_path
):
    publish_register(world.programme, "south-midlands.yaml")
    ask_on_a_phone_verify_pause_resume_and_refuse_erasure(new_page, world, participant_a)
    redact_a_third_party_and_release_the_pack(new_page, world, participant_a, tmp_path)
    correct_a_detail_and_restrict_the_record(new_page, world, participant_a)
