"""The pieces of data protection law a programme configuration refers to: UK GDPR Art 6 bases,
Art 9 conditions, DPA 2018 Schedule 1 conditions, and which rights apply under each basis."""

from dataclasses import dataclass
from enum import StrEnum


class Art6(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


ART6_LABELS = {
    Art6.CONSENT: ("Article 6(1)(a)", "Consent: you have given permission"),
    Art6.CONTRACT: ("Article 6(1)(b)", "Contract: it is needed for a contract with you"),
    Art6.LEGAL_OBLIGATION: ("Article 6(1)(c)", "Legal obligation: the law requires it"),
    Art6.VITAL_INTERESTS: ("Article 6(1)(d)", "Vital interests: to protect someone's life"),
    Art6.PUBLIC_TASK: (
        "Article 6(1)(e)",
        "Public task: processing is necessary for the performance of a task carried out in the "
        "public interest",
    ),
    Art6.LEGITIMATE_INTERESTS: ("Article 6(1)(f)", "Legitimate interests"),
}


class Art9(StrEnum):
    EXPLICIT_CONSENT = "explicit_consent"
    EMPLOYMENT_SOCIAL_PROTECTION = "employment_social_protection"
    VITAL_INTERESTS = "vital_interests"
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"
    HEALTH_SOCIAL_CARE = "health_social_care"
    PUBLIC_HEALTH = "public_health"
    ARCHIVING_RESEARCH = "archiving_research"


ART9_LABELS = {
    Art9.EXPLICIT_CONSENT: ("Article 9(2)(a)", "Explicit consent"),
    Art9.EMPLOYMENT_SOCIAL_PROTECTION: (
        "Article 9(2)(b)",
        "Employment, social security and social protection",
    ),
    Art9.VITAL_INTERESTS: ("Article 9(2)(c)", "Vital interests"),
    Art9.SUBSTANTIAL_PUBLIC_INTEREST: (
        "Article 9(2)(g)",
        "Substantial public interest: for processing special category data",
    ),
    Art9.HEALTH_SOCIAL_CARE: ("Article 9(2)(h)", "Health or social care"),
    Art9.PUBLIC_HEALTH: ("Article 9(2)(i)", "Public health"),
    Art9.ARCHIVING_RESEARCH: ("Article 9(2)(j)", "Archiving, research and statistics"),
}


class Schedule1(StrEnum):
    EMPLOYMENT_SOCIAL_PROTECTION = "employment_social_protection"
    HEALTH_SOCIAL_CARE = "health_social_care"
    PUBLIC_HEALTH = "public_health"
    RESEARCH = "research"
    STATUTORY_GOVERNMENT = "statutory_government"
    EQUALITY = "equality"
    PREVENTING_CRIME = "preventing_crime"
    SAFEGUARDING = "safeguarding"


# (part, paragraph, label)
SCHEDULE1_LABELS = {
    Schedule1.EMPLOYMENT_SOCIAL_PROTECTION: (
        1,
        1,
        "Employment, social security and social protection",
    ),
    Schedule1.HEALTH_SOCIAL_CARE: (1, 2, "Health or social care purposes"),
    Schedule1.PUBLIC_HEALTH: (1, 3, "Public health"),
    Schedule1.RESEARCH: (1, 4, "Research"),
    Schedule1.STATUTORY_GOVERNMENT: (2, 6, "Statutory and government purposes"),
    Schedule1.EQUALITY: (2, 8, "Equality of opportunity or treatment"),
    Schedule1.PREVENTING_CRIME: (2, 10, "Preventing or detecting unlawful acts"),
    Schedule1.SAFEGUARDING: (2, 18, "Safeguarding of children and of individuals at risk"),
}

# DPA 2018 s10(2)-(3): which Art 9 conditions need a Schedule 1 condition, and from which Part.
ART9_NEEDS_SCHEDULE1_PART = {
    Art9.EMPLOYMENT_SOCIAL_PROTECTION: 1,
    Art9.HEALTH_SOCIAL_CARE: 1,
    Art9.PUBLIC_HEALTH: 1,
    Art9.ARCHIVING_RESEARCH: 1,
    Art9.SUBSTANTIAL_PUBLIC_INTEREST: 2,
}


def _article(labels: dict, key: str, *, short: bool) -> str:
    article, label = labels[key]
    return f"{label.split(':')[0]} ({article})" if short else f"{article} UK GDPR – {label}"


def art6_text(basis: str, *, short: bool = False) -> str:
    """'Article 6(1)(e) UK GDPR – Public task: ...', or short: 'Public task (Article 6(1)(e))'."""
    return _article(ART6_LABELS, Art6(basis), short=short)


def art9_text(condition: str, *, short: bool = False) -> str:
    return _article(ART9_LABELS, Art9(condition), short=short)


def schedule1_short(condition: str) -> str:
    part, paragraph, label = SCHEDULE1_LABELS[Schedule1(condition)]
    return f"{label} (DPA 2018 Schedule 1, Part {part}, paragraph {paragraph})"


def schedule1_text(condition: str) -> str:
    part, paragraph, label = SCHEDULE1_LABELS[Schedule1(condition)]
    return (
        f"Schedule 1, Part {part} (paragraph {paragraph}) of the Data Protection Act 2018 – {label}"
    )


@dataclass(frozen=True)
class Right:
    key: str
    title: str
    article: str
    what: str


RIGHTS = [
    Right("informed", "Right to be informed", "Articles 13 and 14",
          "to know what data we collect and why"),
    Right("access", "Right of access", "Article 15", "to receive a copy of your personal data"),
    Right("rectification", "Right to rectification", "Article 16",
          "to ask us to correct information we hold about you"),
    Right("erasure", "Right to erasure", "Article 17", "to ask us to delete your data"),
    Right("restriction", "Right to restrict processing", "Article 18",
          "to ask us to stop using your data while a concern is looked into"),
    Right("portability", "Right to data portability", "Article 20",
          "to have your data transferred electronically to yourself or to another organisation"),
    Right("objection", "Right to object", "Article 21",
          "to object to how we are using your information"),
    Right("automated_decisions", "Rights about automated decision-making", "Article 22",
          "not to have important decisions about you made only by computers or algorithms"),
]  # fmt: skip


@dataclass(frozen=True)
class RightVerdict:
    right: Right
    applies: str  # "yes", "partly", "no"
    explanation: str


def rights_for(bases: set[str], *, automated_decisions: bool) -> list[RightVerdict]:
    """Which rights apply, given the Art 6 bases the programme's purposes use."""
    consent_like = bases & {Art6.CONSENT, Art6.CONTRACT}
    public_task = Art6.PUBLIC_TASK in bases
    objectable = bases & {Art6.PUBLIC_TASK, Art6.LEGITIMATE_INTERESTS}
    verdicts = []
    for right in RIGHTS:
        if right.key == "erasure":
            if public_task and consent_like:
                verdict = (
                    "partly",
                    "It applies to what we hold with your consent. It does not apply to what "
                    "we process as a public task, because that processing is necessary for a "
                    "task carried out in the public interest (Article 17(3)(b)).",
                )
            elif public_task:
                verdict = (
                    "no",
                    "It does not apply, because we process your data as a public task: the "
                    "processing is necessary for a task carried out in the public interest "
                    "(Article 17(3)(b)).",
                )
            else:
                verdict = ("yes", "It applies.")
        elif right.key == "portability":
            if consent_like and len(consent_like) < len(bases):
                verdict = (
                    "partly",
                    "It applies only to what we hold with your consent or under a contract. "
                    "It does not apply to what we process as a public task (Article 20(3)).",
                )
            elif consent_like:
                verdict = ("yes", "It applies, because we rely on your consent.")
            else:
                verdict = (
                    "no",
                    "It does not apply, because it only covers data processed with your consent "
                    "or under a contract, and we process your data as a public task "
                    "(Article 20(1) and 20(3)).",
                )
        elif right.key == "objection":
            if objectable:
                verdict = (
                    "yes",
                    "It applies, because we process your data as a public task. We must then "
                    "stop unless we can show compelling legitimate grounds.",
                )
            else:
                verdict = (
                    "no",
                    "It does not apply, because we rely on your consent: you can withdraw it "
                    "instead.",
                )
        elif right.key == "automated_decisions":
            verdict = (
                ("yes", "It applies to the automated decisions described in this notice.")
                if automated_decisions
                else (
                    "yes",
                    "We do not make decisions about you by automated means only, including "
                    "profiling.",
                )
            )
        else:
            verdict = ("yes", "It applies.")
        verdicts.append(RightVerdict(right, *verdict))
    return verdicts
