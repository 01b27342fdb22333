"""The processing register as a fideslang manifest: one System per programme, a privacy
declaration per purpose, with our categories, purposes and data subjects mapped onto fideslang's
default taxonomy, and extended (custom data uses, categories and a subject) where public-sector
supported employment has no default key. See docs/decisions/0032-art30-and-fideslang.md."""

from casework.register.config import ProgrammeConfig, PurposeKind, RecipientType
from casework.register.law import Art6, Art9
from casework.register.notice import retention_text

# Our data categories -> fideslang data categories (default taxonomy unless listed in
# EXTRA_CATEGORIES below).
CATEGORY_MAP = {
    "identity": ["user.name", "user.demographic.date_of_birth", "user.demographic.gender"],
    "contact": ["user.contact"],
    "government_identifier": ["user.government_id.national_identification_number"],
    "local_authority_identifier": ["user.unique_id"],
    "case_management": ["user.case_record"],
    "case_notes": ["user.case_record"],
    "employment_education": ["user.employment_education"],
    "residency_benefits": ["user.government_id.immigration", "user.financial.benefits"],
    "support_services": ["user.support_services"],
    "health": ["user.health_and_medical"],
    "ethnicity": ["user.demographic.race_ethnicity"],
    "religion": ["user.demographic.religious_belief"],
    "sexual_orientation": ["user.demographic.sexual_orientation"],
    "criminal_offence": ["user.criminal_history"],
    "parental_caring": ["user.demographic.profile"],
    "attendance": ["user.case_record"],
    "barriers_to_work": ["user.employment_education"],
    "disadvantaged_groups": ["user.demographic.profile"],
    "family_household": ["user.demographic.marital_status"],
    "housing": ["user.contact.address"],
    "emergency_contact": ["user.contact"],
    "nationality": ["user.government_id.immigration"],
    "financial": ["user.financial"],
    "images": ["user.content.self_image"],
    "disability": ["user.health_and_medical"],
    "sex_and_gender_identity": ["user.demographic.gender"],
    "trade_union": ["user.demographic.profile"],
    "political_opinion": ["user.demographic.political_opinion"],
    "staff_identity": ["user.name", "user.contact"],
    "staff_account": ["user.account"],
}
EXTRA_CATEGORIES = {
    "user.case_record": "Referral and case management record of a public service",
    "user.employment_education": "Employment and education history",
    "user.financial.benefits": "Social security benefit status",
    "user.support_services": "Support services the person receives",
}

USE_MAP = {
    PurposeKind.ELIGIBILITY: "essential.service.eligibility",
    PurposeKind.SUPPORT: "essential.service.employment_support",
    PurposeKind.COMMUNICATION: "essential.service.notifications",
    PurposeKind.MONITORING: "essential.service.outcome_monitoring",
    PurposeKind.REPORTING: "third_party_sharing.funder_reporting",
    PurposeKind.EVALUATION: "analytics.programme_evaluation",
    PurposeKind.COMPLIANCE: "essential.legal_obligation",
    PurposeKind.HEALTH_SUPPORT: "essential.service.health_support",
    PurposeKind.JOB_BROKERING: "third_party_sharing.job_brokering",
    PurposeKind.FUNDING: "essential.service.funding_claims",
    PurposeKind.SAFEGUARDING: "third_party_sharing.safeguarding",
    PurposeKind.FRAUD_PREVENTION: "essential.fraud_detection",
    PurposeKind.UPDATES_AND_MARKETING: "marketing.communications",
    PurposeKind.STATISTICS: "analytics.reporting",
    PurposeKind.SERVICE_IMPROVEMENT: "functional.service.improve",
    PurposeKind.RESEARCH: "analytics.programme_evaluation",
    PurposeKind.COMPLAINTS: "essential.service",
    PurposeKind.LEGAL_CLAIMS: "essential.legal_obligation",
    PurposeKind.STAFF_TRAINING: "essential.service.operations",
    PurposeKind.AUDIT: "essential.legal_obligation",
}
EXTRA_USES = {
    "essential.service.eligibility": "Assessing eligibility for a public service",
    "essential.service.employment_support": "Providing supported employment",
    "essential.service.outcome_monitoring": "Monitoring a participant's progress and outcomes",
    "essential.service.health_support": "Supporting the management of health",
    "essential.service.funding_claims": "Claiming public funds for the participant",
    "third_party_sharing.funder_reporting": "Reporting to the government funder",
    "third_party_sharing.job_brokering": "Sending CVs and applications to employers",
    "third_party_sharing.safeguarding": "Disclosure for safeguarding or law enforcement",
    "analytics.programme_evaluation": "Evaluation of a public programme",
}

PARTICIPANT_SUBJECT = "programme_participant"

_LEGAL_BASIS = {
    Art6.CONSENT: "Consent",
    Art6.CONTRACT: "Contract",
    Art6.LEGAL_OBLIGATION: "Legal obligations",
    Art6.VITAL_INTERESTS: "Vital interests",
    Art6.PUBLIC_TASK: "Public interest",
    Art6.LEGITIMATE_INTERESTS: "Legitimate interests",
}
_SPECIAL_BASIS = {
    Art9.EXPLICIT_CONSENT: "Explicit consent",
    Art9.EMPLOYMENT_SOCIAL_PROTECTION: "Employment, social security and social protection",
    Art9.VITAL_INTERESTS: "Vital interests",
    Art9.SUBSTANTIAL_PUBLIC_INTEREST: (
        "Reasons of substantial public interest (with a basis in law)"
    ),
    Art9.HEALTH_SOCIAL_CARE: "Health or social care (with a basis in law)",
    Art9.PUBLIC_HEALTH: "Public health (with a basis in law)",
    Art9.ARCHIVING_RESEARCH: "Archiving, research and statistics (with a basis in law)",
}


def _key(text: str) -> str:
    return text.replace("-", "_")


def _taxonomy_item(key: str, name: str, organisation_key: str) -> dict:
    return {
        "organization_fides_key": organisation_key,
        "fides_key": key,
        "parent_key": key.rpartition(".")[0],
        "name": name,
        "description": name,
    }


def manifest(config: ProgrammeConfig) -> dict:
    """A fideslang manifest: the accountable body (`organization`), the programme (`system`)
    and our extensions to the taxonomy (`data_use`, `data_category`, `data_subject`)."""
    declarations = []
    for purpose in config.purposes:
        categories = list(dict.fromkeys(c for key in purpose.categories for c in CATEGORY_MAP[key]))
        sharing = [
            r for r in config.recipients if r.agreement and purpose.key in r.agreement.purposes
        ]
        shared = list(
            dict.fromkeys(
                c
                for r in sharing
                for key in r.agreement.categories
                if key in purpose.categories
                for c in CATEGORY_MAP[key]
            )
        )
        declarations.append(
            {
                "name": purpose.description,
                "data_use": USE_MAP[purpose.kind],
                "data_categories": categories,
                "data_subjects": [PARTICIPANT_SUBJECT],
                "legal_basis_for_processing": _LEGAL_BASIS[purpose.art6],
                "processes_special_category_data": purpose.art9 is not None,
                "special_category_legal_basis": _SPECIAL_BASIS[purpose.art9]
                if purpose.art9
                else None,
                "retention_period": " ".join(
                    retention_text(r, config)
                    for r in config.retention
                    if r.record_type == "participant"
                ),
                "data_shared_with_third_parties": bool(sharing),
                "third_parties": "; ".join(r.description for r in sharing) or None,
                "shared_categories": shared,
            }
        )
    controllers = config.controllers
    organisation_key = _key(config.slug) + "_accountable_body"
    organisation = {
        "fides_key": organisation_key,
        "organization_fides_key": organisation_key,
        "name": controllers.accountable_body.name,
        "description": f"Accountable body for {config.name}",
        "controller": {"name": controllers.accountable_body.name},
    }
    if config.dpo:
        organisation["data_protection_officer"] = {
            "name": config.dpo.name or config.dpo.team,
            "email": config.dpo.email,
            "phone": config.dpo.phone,
            "address": config.dpo.postal,
        }
    system = {
        "fides_key": _key(config.slug),
        "organization_fides_key": organisation_key,
        "name": config.name,
        "description": " ".join(
            [config.who_we_are] if isinstance(config.who_we_are, str) else config.who_we_are
        )
        or config.name,
        "system_type": "Service",
        "privacy_declarations": declarations,
        "processes_personal_data": True,
        "uses_profiling": bool(config.automated_decision_making),
        "does_international_transfers": config.international_transfers
        not in ("none", "not_stated"),
        "legal_name": controllers.accountable_body.name,
        "responsibility": ["Controller"],
        "dpo": (config.dpo.email or config.dpo.team or config.dpo.name) if config.dpo else None,
        "joint_controller_info": "; ".join(
            [
                o.name
                for o in (controllers.government_department, *controllers.joint_controllers)
                if o is not None
            ]
        ),
        "data_security_practices": " ".join(config.security_measures),
        "privacy_policy": controllers.accountable_body.privacy_notice_url or None,
    }
    has_processor = any(r.type == RecipientType.PROCESSOR for r in config.recipients)
    system["tags"] = ["employment-support"] + (["uses-processors"] if has_processor else [])
    return {
        "organization": [organisation],
        "system": [system],
        "data_use": [_taxonomy_item(k, n, organisation_key) for k, n in EXTRA_USES.items()],
        "data_category": [
            _taxonomy_item(k, n, organisation_key) for k, n in EXTRA_CATEGORIES.items()
        ],
        "data_subject": [
            {
                "fides_key": PARTICIPANT_SUBJECT,
                "organization_fides_key": organisation_key,
                "name": "Programme participant",
                "description": "A person referred to or supported by a public employment "
                "support programme",
            }
        ],
    }
