"""The kinds of record a retention rule can name. Each is a model that holds personal data (see
casework/register/fields.py). A programme's retention rules must name one of these keys; the
retention job (a later issue) acts on the model given here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    key: str
    model_label: str
    label: str


_ALL = [
    RecordType("participant", "participants.Participant", "Participant records"),
    RecordType(
        "notice_acknowledgement",
        "register.NoticeAcknowledgement",
        "Records of which privacy notice a participant was given",
    ),
    RecordType("staff_account", "staff.StaffUser", "Staff accounts"),
]

RECORD_TYPES: dict[str, RecordType] = {r.key: r for r in _ALL}
