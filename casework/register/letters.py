"""The letter or email telling a participant what changed in their programme's privacy notice
(or giving it to them, when no notice is on record)."""

from dataclasses import dataclass

from django.urls import reverse

from casework.register.config import Contact, ProgrammeConfig
from casework.register.models import RegisterVersion
from casework.register.selectors import ToTell


@dataclass(frozen=True)
class Letter:
    method: str  # "email" or "letter"
    to: str
    subject: str
    body: str


def _list(items: list[str]) -> str:
    return "\n".join(f"  - {item}" for item in items)


def change_letter(
    to_tell: ToTell, *, version: RegisterVersion, config: ProgrammeConfig, site_url: str = ""
) -> Letter:
    participant = to_tell.participant
    notice_url = site_url + reverse("register:notice", args=[version.programme.slug])
    contact = config.rights_contact or config.dpo or Contact(team=config.name)
    routes = [contact.email, contact.phone, contact.website]
    # A letter carries the postal address when writing is the only way to reach the contact.
    contact_line = ", ".join(
        x
        for x in (
            contact.team or contact.name,
            *routes,
            contact.postal if contact.postal and not any(routes) else "",
        )
        if x
    )
    greeting = f"Dear {participant.display_name},"
    if to_tell.last_version is None:
        subject = f"{config.name}: how we use your information"
        middle = (
            f"We have no record of giving you our privacy notice, so here is how {config.name} "
            "uses your information. We use it to:\n"
            + _list(to_tell.new_purposes)
            + "\n\nWe may share it with:\n"
            + _list(to_tell.new_recipients)
        )
    else:
        subject = f"{config.name}: changes to how we use your information"
        parts = [
            f"We have updated our privacy notice (now version {version.number}; you were last "
            f"given version {to_tell.last_version})."
        ]
        if to_tell.new_purposes:
            parts.append(
                "We will now also use your information to:\n" + _list(to_tell.new_purposes)
            )
        if to_tell.new_recipients:
            parts.append("We may now also share it with:\n" + _list(to_tell.new_recipients))
        if to_tell.changed_recipients:
            parts.append(
                "We have changed how we share it with:\n" + _list(list(to_tell.changed_recipients))
            )
        middle = "\n\n".join(parts)
    body = "\n\n".join(
        [
            greeting,
            middle,
            f"You can read the full notice, including your rights, at {notice_url}. "
            "If you would like a paper copy or have any questions, please contact "
            f"{contact_line}.",
            f"Yours sincerely,\n{config.name}",
        ]
    )
    if participant.email:
        return Letter("email", participant.email, subject, body)
    address = ", ".join(
        x
        for x in (
            participant.address_line_1,
            participant.address_line_2,
            participant.town,
            participant.postcode,
        )
        if x
    )
    return Letter("letter", address, subject, body)
