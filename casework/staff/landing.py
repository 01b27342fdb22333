"""Where each role starts: the page it works from, in one table. A person with several roles
starts on the page of the first of them in this table's order."""

from django.urls import reverse

from casework.staff.models import Membership, Role

# role -> URL name of the page that role works from.
LANDING_PAGES: dict[str, str] = {
    Role.EMPLOYMENT_SPECIALIST: "participants:caseload",
    Role.TEAM_LEADER: "caseloads:team",
    Role.PROGRAMME_MANAGER: "reports:partners",
    # Open breaches with their clocks, complaints due, disclosures, retention and alerts.
    Role.DATA_PROTECTION_OFFICER: "dataprotection:home",
    Role.AUDITOR: "audit:report",
    Role.REFERRER: "referrals:list",
    Role.REPORT_ONLY: "reports:partners",
}
# Someone with no programme role (an administrator, say) starts on the caseload page, which
# tells them they have no participants.
DEFAULT_LANDING = "participants:caseload"


def landing_url_name(user) -> str:
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    for role, name in LANDING_PAGES.items():
        if role in roles:
            return name
    return DEFAULT_LANDING


def landing_url(user) -> str:
    return reverse(landing_url_name(user))
