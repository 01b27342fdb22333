"""The rights engine: for one request, per purpose of the programme's register, its lawful basis
and its controller, whether the right asked for applies and, where it does not, why.

It builds on the register's own rights table (casework.register.law.rights_for, the one that
writes the notice's "Your rights, and whether each applies"), asked one basis at a time, so the
reasons the DPO reads on the decision page are the notice's reasons. Programme facts (purposes,
bases, controllers, the DWP as a controller of its part and how to ask it) come from the
programme's file; the law's exemptions (DPA 2018 Schedules 2-4) are law, so they are here."""

from dataclasses import dataclass, field

from casework.register.config import ProgrammeConfig, PurposeKind, RecipientType
from casework.register.law import Art6, art6_text, rights_for
from casework.register.selectors import current_config
from casework.rights.models import RequestKind, RightsRequest


@dataclass(frozen=True)
class Exemption:
    key: str
    title: str
    reference: str


# Grounds for refusing or limiting a request in whole or part, beyond the lawful-basis rules
# the engine works out itself. The DPO picks one on the decision page and gives reasons.
EXEMPTIONS = [
    Exemption("art12_5", "Manifestly unfounded or excessive request", "UK GDPR Article 12(5)"),
    Exemption(
        "art11", "The data held cannot identify the person (de-identified)", "UK GDPR Article 11"
    ),
    Exemption(
        "art17_3_b",
        "Needed for a legal obligation or a task in the public interest",
        "UK GDPR Article 17(3)(b)",
    ),
    Exemption("art17_3_e", "Needed for legal claims", "UK GDPR Article 17(3)(e)"),
    Exemption("crime", "Crime and taxation", "DPA 2018 Schedule 2, Part 1, paragraph 2"),
    Exemption(
        "legal_disclosure",
        "Disclosure required by law or in connection with legal proceedings",
        "DPA 2018 Schedule 2, Part 1, paragraph 5",
    ),
    Exemption(
        "third_party",
        "It would reveal information about another person",
        "DPA 2018 Schedule 2, Part 3, paragraph 16",
    ),
    Exemption(
        "legal_privilege",
        "Legal professional privilege",
        "DPA 2018 Schedule 2, Part 4, paragraph 19",
    ),
    Exemption(
        "confidential_reference",
        "A confidential reference given by the controller",
        "DPA 2018 Schedule 2, Part 4, paragraph 24",
    ),
    Exemption(
        "serious_harm_health",
        "Health data whose disclosure would be likely to cause serious harm",
        "DPA 2018 Schedule 3, Part 2, paragraph 5",
    ),
    Exemption(
        "serious_harm_social_work",
        "Social work data whose disclosure would be likely to cause serious harm",
        "DPA 2018 Schedule 3, Part 3, paragraph 7",
    ),
    Exemption(
        "prohibited_by_enactment",
        "Disclosure prohibited or restricted by another law (e.g. adoption records)",
        "DPA 2018 Schedule 4",
    ),
]
EXEMPTIONS_BY_KEY = {e.key: e for e in EXEMPTIONS}


@dataclass(frozen=True)
class PurposeVerdict:
    purpose: str
    description: str
    basis: str  # the Art 6 basis in words, or "" where the file gives none
    applies: str  # "yes", "partly", "no"
    reason: str
    controllers: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    kind: str
    right: str  # in words
    verdicts: list[PurposeVerdict]
    controller: str
    dwp: str = ""  # how to ask the government department, where it controls its part
    exemptions: list[Exemption] = field(default_factory=lambda: list(EXEMPTIONS))

    @property
    def applies(self) -> str:
        values = {v.applies for v in self.verdicts}
        if not values:
            return "no"
        return values.pop() if len(values) == 1 else "partly"


def controllers_of(config: ProgrammeConfig) -> list[str]:
    """The controllers who may answer a request: the accountable body and the joint
    controllers, from the programme's file (the government department answers for itself)."""
    names = [config.controllers.accountable_body.name]
    names += [o.name for o in config.controllers.joint_controllers]
    return list(dict.fromkeys(names))


def responsible_controller(config: ProgrammeConfig, participant=None) -> str:
    """The person's council (the joint controller for their area), else the accountable body."""
    if participant is not None:
        code = participant.area.code
        for organisation in config.controllers.joint_controllers:
            if code in organisation.areas:
                return organisation.name
    return config.controllers.accountable_body.name


def dwp_route(config: ProgrammeConfig) -> str:
    """Where a government department (the DWP) is a controller of its part, how the person
    asks it directly: from the programme's file."""
    department = config.controllers.government_department
    if department is None:
        return ""
    where = (
        f" Its personal information charter says how: {department.privacy_notice_url}"
        if department.privacy_notice_url
        else ""
    )
    return (
        f"{department.name} is a controller of the information it receives for its own "
        f"purposes; to use your rights over its copy, ask {department.name} directly.{where}"
    )


def _department_purposes(config: ProgrammeConfig) -> set[str]:
    keys: set[str] = set()
    for recipient in config.recipients:
        if recipient.type == RecipientType.GOVERNMENT_DEPARTMENT and recipient.agreement:
            keys.update(recipient.agreement.purposes)
    return keys


def _verdict_for(config: ProgrammeConfig, kind: RequestKind, purpose) -> tuple[str, str]:
    basis = purpose.art6.value if purpose.art6 else None
    if kind == RequestKind.CONSENT_WITHDRAWAL:
        if basis == Art6.CONSENT:
            return "yes", "This use relies on consent, which can be withdrawn at any time."
        return "no", "This use does not rely on consent, so there is no consent to withdraw."
    if kind == RequestKind.MARKETING_OBJECTION:
        if purpose.kind == PurposeKind.UPDATES_AND_MARKETING:
            return "yes", "An objection to direct marketing must always be upheld (Article 21(3))."
        return "no", "This use is not direct marketing."
    if basis is None:
        return (
            "no",
            "The programme's file gives no lawful basis for this use: ask the register's owner "
            "before deciding.",
        )
    [verdict] = [
        v
        for v in rights_for({basis}, automated_decisions=config.automated_decision_making)
        if v.right.key == kind.right_key
    ]
    explanation = verdict.explanation or "It applies."
    if kind == RequestKind.AUTOMATED_DECISION and config.automated_decision_making is False:
        return "no", explanation
    return verdict.applies, explanation


def assess(request: RightsRequest, config: ProgrammeConfig | None = None) -> Assessment:
    config = config or current_config(request.programme)
    kind = RequestKind(request.kind)
    if config is None:
        return Assessment(kind, kind.label, [], request.controller)
    department = config.controllers.government_department
    department_keys = _department_purposes(config)
    verdicts = []
    for purpose in config.purposes:
        applies, reason = _verdict_for(config, kind, purpose)
        controllers = [request.controller or responsible_controller(config)]
        if department and purpose.key in department_keys:
            controllers.append(f"{department.name} (for its own copy)")
        verdicts.append(
            PurposeVerdict(
                purpose=purpose.key,
                description=purpose.description,
                basis=art6_text(purpose.art6.value, short=True) if purpose.art6 else "",
                applies=applies,
                reason=reason,
                controllers=tuple(controllers),
            )
        )
    return Assessment(
        kind=kind,
        right=kind.label,
        verdicts=verdicts,
        controller=request.controller,
        dwp=dwp_route(config),
    )
