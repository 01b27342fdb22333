import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from casework.audit.models import AuditEvent
from casework.disclosures.models import Basis, Disclosure, DisclosureKind
from casework.register.fields import PERSONAL_FIELDS
from casework.register.selectors import collected_fields
from casework.subjectaccess import services
from casework.subjectaccess.models import Decision, Exemption, PackStatus
from casework.subjectaccess.pack import build_pack
from casework.subjectaccess.render import pack_csv, pack_json, pack_pdf

pytestmark = pytest.mark.django_db


def _section(pack, key):
    return next(s for s in pack.sections if s.key == key)


def test_the_pack_holds_the_persons_details_with_the_registers_labels_and_their_notes(person):
    pack = build_pack(person)
    details = {item.field: item for item in pack.details}
    collected = {
        f for f in collected_fields(person.programme) if f.startswith("participants.Participant.")
    }
    # Every participant field the programme collects is there (but the searchable NI code).
    assert collected - {"participants.Participant.nino_index"} <= set(details)
    assert details["participants.Participant.first_name"].label == "First name"
    assert details["participants.Participant.first_name"].value == "Zoë"
    assert details["participants.Participant.status"].value == person.get_status_display()
    notes = _section(pack, "case_notes").records
    assert [n.needs_review for n in notes] == [False, True]
    texts = [i.value for n in notes for i in n.items]
    assert "Her neighbour Dan Smith says he drives her to interviews." in texts
    assert "Yes" in texts  # the flag in words, not True
    # Every field the register declares for a note is there with its label (but the link to
    # the person themselves).
    declared = {f"journey.CaseNote.{name}" for name in PERSONAL_FIELDS["journey.CaseNote"]}
    assert {i.field for i in notes[1].items} - {""} == declared - {"journey.CaseNote.participant"}
    assert {i.label for i in notes[1].items} >= {"Note", "Contains third-party information"}
    history = _section(pack, "access_history").records
    assert any("Wrote a case note" in r.title for r in history)


def test_preparing_lists_the_third_party_note_for_review(person, dpo):
    pack = services.prepare_pack(by=dpo, participant=person)
    assert [r.item_title.startswith("Case notes") for r in pack.redactions.all()] == [True]


def test_release_is_refused_before_identity_and_the_review(person, dpo):
    pack = services.prepare_pack(by=dpo, participant=person)
    with pytest.raises(ValidationError) as refused:
        services.release_pack(pack, by=dpo, identity_verified=False, request_reference="")
    messages = refused.value.message_dict
    assert "never released before" in messages["identity_verified"][0]
    assert "reference" in messages["request_reference"][0]
    assert "1 is not reviewed" in messages["__all__"][0]
    pack.refresh_from_db()
    assert pack.status == PackStatus.DRAFT
    assert not Disclosure.objects.exists()


def test_a_passage_must_be_in_the_item_and_carry_its_exemption(person, dpo):
    pack = services.prepare_pack(by=dpo, participant=person)
    item = pack.redactions.get()
    with pytest.raises(ValidationError) as refused:
        services.decide_item(by=dpo, redaction=item, decision=Decision.REDACTED, passage="Bob")
    assert set(refused.value.message_dict) == {"exemption", "passage"}
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def _released(person, dpo):
    pack = services.prepare_pack(by=dpo, participant=person)
    services.decide_item(
        by=dpo,
        redaction=pack.redactions.get(),
        decision=Decision.REDACTED,
        passage="Dan Smith",
        exemption=Exemption.THIRD_PARTY,
        reason="The neighbour has not agreed to be named.",
    )
    return services.release_pack(pack, by=dpo, identity_verified=True, request_reference="SAR-7")


def test_releasing_redacts_schedules_and_is_a_disclosure_to_the_person(person, dpo):
    pack = _released(person, dpo)
    contents = services.pack_contents(pack)
    text = json.dumps(contents.to_dict())
    assert "Dan Smith" not in text
    assert "Her neighbour [Withheld: Information about another person" in text
    [entry] = contents.schedule
    assert entry.what == "A passage" and "paragraph 16" in entry.exemption
    assert entry.reason == "The neighbour has not agreed to be named."
    disclosure = Disclosure.objects.get()
    assert disclosure.kind == DisclosureKind.SUBJECT_ACCESS
    assert disclosure.basis == Basis.RIGHT_OF_ACCESS
    assert disclosure.recipient_key == "data_subject"
    assert disclosure.request_reference == "SAR-7"
    assert "participants.Participant.first_name" in disclosure.fields
    assert list(disclosure.participants.all()) == [person]
    assert AuditEvent.objects.filter(purpose="subject_access.release", participant=person).exists()


def test_json_and_csv_parse_and_the_csv_is_escaped_for_excel(person, dpo):
    contents = services.pack_contents(_released(person, dpo))
    data = json.loads(pack_json(contents))
    assert data["name"] == "Zoë =Hart"
    assert {s["key"] for s in data["sections"]} >= {"case_notes", "access_history"}
    raw = pack_csv(contents).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert rows[0] == ["Section", "Item", "Date", "Field", "Value"]
    [last_name] = [r for r in rows if r[0] == "Your details" and r[3] == "Last name"]
    assert last_name[4] == "'=Hart"  # escaped: Excel shows it, never runs it
    assert any(r[0] == "Withheld" for r in rows)


def test_the_pdf_is_a_pdf_with_the_persons_name(person, dpo):
    contents = services.pack_contents(_released(person, dpo))
    reader = PdfReader(io.BytesIO(pack_pdf(contents)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Zoë =Hart" in text
    assert "What we have withheld, and why" in text
    assert "Dan Smith" not in text


def test_erasing_the_participant_takes_their_packs_and_reviews_with_them(person, dpo):
    from casework.disposal.services import erase_participant
    from casework.subjectaccess.models import PackRedaction, SubjectAccessPack

    _released(person, dpo)
    erase_participant(by=dpo, participant=person, reason="Art 17 request", request_reference="E-1")
    assert not SubjectAccessPack.objects.exists()
    assert not PackRedaction.objects.exists()
    # The disclosure log keeps its entry (by field names and a hash), as for every disclosure.
    assert Disclosure.objects.filter(kind=DisclosureKind.SUBJECT_ACCESS).exists()
