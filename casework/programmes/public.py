"""What a programme's public start page links to, in one list. Each entry is a public page that
takes the programme's slug; add an entry here (a complaint page, "ask about your data") and every
start page lists it. An entry whose page does not exist yet for a programme is left out."""

from dataclasses import dataclass

from casework.programmes.models import Programme


@dataclass(frozen=True)
class PublicPage:
    url_name: str  # reversed with the programme's slug
    text: str
    description: str
    available: object = None  # optional: (programme) -> bool; None means always


def _has_notice(programme: Programme) -> bool:
    return programme.versions.exists()


PUBLIC_PAGES: list[PublicPage] = [
    PublicPage(
        "referrals:interest",
        "Ask to join the programme",
        "Tell us a little about yourself and an employment specialist will get in touch.",
    ),
    PublicPage(
        "register:notice",
        "Read the privacy notice",
        "What information we keep about you, why, who we share it with, for how long, and "
        "your rights.",
        available=_has_notice,
    ),
    PublicPage(
        "complaints:complain",
        "Complain about how we use your information",
        "Tell us if you are unhappy with how we have handled your personal information. We will "
        "acknowledge your complaint within 30 days.",
    ),
    PublicPage(
        "rights:ask",
        "Ask about your data",
        "Ask for a copy of the information we hold about you, or ask us to correct it, "
        "delete it or stop using it. We will answer within one month.",
    ),
]


def public_pages(programme: Programme) -> list[PublicPage]:
    return [page for page in PUBLIC_PAGES if page.available is None or page.available(programme)]
