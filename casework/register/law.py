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


# Which rights apply under each Art 6 basis, and why (UK GDPR Art 17(3)(b), 20(1), 21(1)).
# "yes": applies; "partly": applies only in some circumstances; "no": does not apply. Every "no"
# and "partly" carries its reason: a refusal is always explained.
_BY_BASIS: dict[str, dict[str, tuple[str, str]]] = {
    Art6.CONSENT: {
        "erasure": ("yes", "you can ask us to delete what we hold with your consent"),
        "portability": ("yes", "it covers what we hold with your consent (Article 20(1)(a))"),
        "objection": (
            "no",
            "it does not apply to what we hold with your consent: you can withdraw your "
            "consent instead (Article 7(3))",
        ),
    },
    Art6.CONTRACT: {
        "erasure": ("yes", "it applies to what we hold under a contract with you"),
        "portability": (
            "yes",
            "it covers what we hold under a contract with you (Article 20(1)(a))",
        ),
        "objection": (
            "no",
            "it does not apply to what we hold under a contract with you (Article 21(1))",
        ),
    },
    Art6.LEGAL_OBLIGATION: {
        "erasure": (
            "no",
            "it does not apply to what the law requires us to keep (Article 17(3)(b))",
        ),
        "portability": (
            "no",
            "it does not apply to what we must process because the law requires it "
            "(Article 20(1) covers only consent and contract)",
        ),
        "objection": (
            "no",
            "it does not apply to what we must process because the law requires it "
            "(Article 21(1) covers only public task and legitimate interests)",
        ),
    },
    Art6.VITAL_INTERESTS: {
        "erasure": (
            "yes",
            "it applies once the data is no longer needed to protect someone's life",
        ),
        "portability": (
            "no",
            "it does not apply to what we process to protect someone's life (Article 20(1))",
        ),
        "objection": (
            "no",
            "it does not apply to what we process to protect someone's life (Article 21(1))",
        ),
    },
    Art6.PUBLIC_TASK: {
        "erasure": (
            "partly",
            "it is limited for what we process as a public task: we need not delete what is "
            "necessary for that task (Article 17(3)(b)), but you can ask, for example when the "
            "data is no longer needed or after an objection is upheld",
        ),
        "portability": (
            "no",
            "it does not apply to what we process as a public task (Article 20(3))",
        ),
        "objection": (
            "yes",
            "you can object to what we process as a public task; we must then stop unless we "
            "can show compelling legitimate grounds (Article 21(1))",
        ),
    },
    Art6.LEGITIMATE_INTERESTS: {
        "erasure": ("yes", "it applies to what we process in our legitimate interests"),
        "portability": (
            "no",
            "it does not apply to what we process in our legitimate interests (Article 20(1))",
        ),
        "objection": (
            "yes",
            "you can object to what we process in our legitimate interests (Article 21(1))",
        ),
    },
}
_ORDER = [
    Art6.CONSENT,
    Art6.CONTRACT,
    Art6.LEGAL_OBLIGATION,
    Art6.VITAL_INTERESTS,
    Art6.PUBLIC_TASK,
    Art6.LEGITIMATE_INTERESTS,
]


@dataclass(frozen=True)
class RightVerdict:
    right: Right
    applies: str  # "yes", "partly", "no"
    explanation: str
    offered_by_programme: bool = False


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def rights_for(
    bases: set[str],
    *,
    automated_decisions: bool | None,
    offers: dict[str, tuple[str, str]] | None = None,
) -> list[RightVerdict]:
    """Which rights apply, given the Art 6 bases the programme's purposes use. Erasure,
    portability and objection depend on the basis (`_BY_BASIS`); with several bases a right
    that applies under some and not others applies in part, with the reason for each basis.
    `offers` ({right key: (applies, wording)}) is what the programme offers beyond the law:
    it can only raise a verdict ("no" to "partly" or "yes", "partly" to "yes"), never lower it.
    `automated_decisions` None means the programme's notice says nothing about them."""
    offers = offers or {}
    order = [b for b in _ORDER if b in {Art6(x) for x in bases}]
    verdicts = []
    for right in RIGHTS:
        if right.key in ("erasure", "portability", "objection"):
            per_basis = [_BY_BASIS[b][right.key] for b in order]
            values = {v for v, _ in per_basis}
            applies = values.pop() if len(values) == 1 else "partly"
            explanation = " ".join(dict.fromkeys(_sentence(t) for _, t in per_basis))
        elif right.key == "automated_decisions":
            applies = "yes"
            if automated_decisions is None:
                explanation = ""
            elif automated_decisions:
                explanation = "It applies to the automated decisions described in this notice."
            else:
                explanation = (
                    "We do not make decisions about you by automated means only, including "
                    "profiling."
                )
        else:
            applies, explanation = "yes", "It applies."
        offered = False
        if right.key in offers:
            offer, wording = offers[right.key]
            if RANK[offer] > RANK[applies]:
                applies, explanation, offered = offer, f"{explanation} {wording}".strip(), True
        verdicts.append(RightVerdict(right, applies, explanation, offered))
    return verdicts


RANK = {"no": 0, "partly": 1, "yes": 2}


def legal_verdict(bases: set[str], right_key: str) -> str:
    """What the law alone gives for `right_key` under `bases` ("yes", "partly", "no")."""
    for verdict in rights_for(bases, automated_decisions=None):
        if verdict.right.key == right_key:
            return verdict.applies
    raise KeyError(right_key)
