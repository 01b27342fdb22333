"""Contacts and promises (issue 10 item 6): a separate contact for changes to the person's
details, a DPO reachable by post only, "complain to us first, then to the ICO", and the promise
to tell people when who we share with changes, shown only while the system keeps it."""

from pathlib import Path

import pytest
from django.core.management import call_command

from casework.register.capabilities import has_capability
from casework.register.notice import build_notice
from casework.register.selectors import published_version

KENT = Path(__file__).resolve().parents[3] / "programmes" / "kent-and-medway.yaml"

EXTRA = """changes_contact:
  team: Connect to Work Hub
  phone: 03000 41 41 41
complain_to_us_first: true
promises:
  - kind: tells_of_sharing_changes
    text: If we change who we share your information with, we will contact you before we do.
"""


@pytest.fixture
def notice(db, tmp_path):
    text = KENT.read_text().replace(
        "dpo:\n  name: Benjamin Watts\n  email: dpo@kent.gov.uk\n", "dpo:\n  name: Benjamin Watts\n"
    )
    text = text.replace("complaints:\n", EXTRA + "complaints:\n", 1)
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text)
    call_command("programme", "load", str(path))
    return build_notice(published_version("kent-and-medway"))


def _section(notice, id_):
    [section] = [s for s in notice.sections if s.id == id_]
    return [
        b.text if b.kind == "paragraph" else b.items if b.kind == "bullets" else b.rows
        for b in section.blocks
    ]


def test_a_dpo_reachable_by_post_only(notice):
    assert [
        "Benjamin Watts",
        "Write to: Data Protection Officer, Sessions House, Maidstone, Kent ME14 1XQ",
    ] in _section(notice, "who-we-are")


def test_a_separate_contact_for_changes_to_your_details(notice):
    rights = _section(notice, "rights")
    at = rights.index("To tell us about changes to your details, contact:")
    assert rights[at + 1] == ["Connect to Work Hub", "Phone: 03000 41 41 41"]


def test_complain_to_us_first_then_to_the_ico(tmp_path, db):
    text = KENT.read_text().replace("complaints:\n", "complain_to_us_first: true\ncomplaints:\n", 1)
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith(("    complaints:", "    ico:"))
    )
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text)
    call_command("programme", "load", str(path))
    complaints = _section(build_notice(published_version("kent-and-medway")), "complaints")
    assert complaints[0] == "Complain to us first:"
    assert complaints[2] == (
        "If you are still unhappy, you can complain to the Information Commissioner's Office (ICO):"
    )


def test_the_promise_to_tell_of_sharing_changes_is_kept_by_who_to_tell(notice):
    assert has_capability("tells_of_sharing_changes")  # registered by the register app
    assert (
        "If we change who we share your information with, we will contact you before we do."
        in _section(notice, "sharing")
    )
