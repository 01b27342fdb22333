"""A programme's configuration (programmes/<slug>.yaml): its controllers, the data it collects,
why, on which lawful basis, who receives it and how long it is kept. `load_config` parses the
file, checks it against the schema (pydantic) and against the register (categories, fields,
record types, the law), and reports every problem with the file, key path and line."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from django.utils import timezone
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from casework.register import schemawalk
from casework.register.categories import CATEGORIES
from casework.register.fields import PERSONAL_FIELDS
from casework.register.law import (
    ART9_NEEDS_SCHEDULE1_PART,
    RANK,
    RIGHTS,
    SCHEDULE1_LABELS,
    Art6,
    Art9,
    Schedule1,
    legal_verdict,
)
from casework.register.record_types import RECORD_TYPES

OnsCode = Annotated[str, Field(pattern=r"^[EWSN]\d{8}$")]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(_Model):
    code: OnsCode
    name: Text


class Organisation(_Model):
    name: Text
    areas: list[OnsCode] = []
    privacy_notice_url: str = ""


class Contact(_Model):
    name: str = ""
    team: str = ""
    email: str = ""
    phone: str = ""
    postal: str = ""
    website: str = ""

    @model_validator(mode="after")
    def _has_a_route(self):
        if not (self.email or self.phone or self.postal or self.website or self.team):
            raise ValueError(
                "give at least one contact route: email, phone, postal, website or team"
            )
        return self


class Controllers(_Model):
    """Exactly the controllers the programme's notice names. `accountable_body` is the controller
    that runs the programme (for Connect to Work, the Accountable Body); a government department
    is a controller only where the programme declares one."""

    accountable_body: Organisation
    joint_controllers: list[Organisation] = []
    joint_controllers_intro: str = Field(
        default="",
        description="The programme's own sentence introducing its joint controllers, e.g. "
        '"Our delivery partners are joint controllers of the information for their geography:"',
    )
    joint_controllers_listed: bool = Field(
        default=True,
        description="List the joint controllers by name after the sentence introducing them "
        "(false where the notice names them only in that sentence, e.g. 'Scottish and Local "
        "Government, and those in the Partnership')",
    )
    government_department: Organisation | None = None
    commissioned_providers: list[Organisation] = []
    referral_partners: list[Organisation] = []


class CollectedCategory(_Model):
    category: Text
    label: str = Field(default="", description="The programme's own words for the category")
    labels: list[str] = Field(
        default=[],
        description="Several items in the programme's own words, each shown on its own line "
        "(e.g. Name, Date of birth, Gender for identity)",
    )
    fields: list[str] = []
    where_relevant: bool = False

    def wording(self) -> list[str]:
        """The items the notice lists for this category: its labels, else its label."""
        return list(self.labels) or ([self.label] if self.label else [])


class PurposeKind(StrEnum):
    """What a purpose is for, in the kinds council notices use."""

    ELIGIBILITY = "eligibility"
    SUPPORT = "support"
    COMMUNICATION = "communication"
    MONITORING = "monitoring"
    REPORTING = "reporting"
    EVALUATION = "evaluation"
    COMPLIANCE = "compliance"
    HEALTH_SUPPORT = "health_support"  # incl. health management through an integrated care system
    JOB_BROKERING = "job_brokering"
    FUNDING = "funding"  # incl. access to government funds, funding claims
    SAFEGUARDING = "safeguarding"
    FRAUD_PREVENTION = "fraud_prevention"  # prevention and detection of fraud and crime
    UPDATES_AND_MARKETING = "updates_and_marketing"  # news and updates, by opt-in only
    STATISTICS = "statistics"
    SERVICE_IMPROVEMENT = "service_improvement"  # feedback, quality of service
    RESEARCH = "research"
    COMPLAINTS = "complaints"
    LEGAL_CLAIMS = "legal_claims"
    STAFF_TRAINING = "staff_training"
    AUDIT = "audit"


# Keys a purpose may not take: those of consent to share with a named organisation
# (casework.consents.models.SharingConsent), which a consent record would confuse with it.
RESERVED_PURPOSE_KEY_PREFIX = "share_with_"


class ProcessingPurpose(_Model):
    key: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The purpose's own key; a consent to it is recorded under this key. "
        f"Not beginning with {RESERVED_PURPOSE_KEY_PREFIX!r}, which names sharing with a named "
        "organisation"
    )
    description: Text
    kind: PurposeKind
    art6: Art6 | None = None
    art9: Art9 | None = None
    schedule1: Schedule1 | None = None
    art6_in_notice: bool = Field(
        default=True,
        description="False where the programme's own notice does not state this Article 6 "
        "basis: the register keeps it (the record of processing needs one), the notice's list "
        "of lawful bases leaves it out, and `manage.py register check` lists it for the DPO. "
        "The rights table still follows it: those are the rights the system keeps",
    )
    art9_in_notice: bool = Field(
        default=True,
        description="The same for the Article 9 condition and its Schedule 1 condition",
    )
    categories: list[str] = Field(min_length=1)
    consent_label: str = Field(
        default="",
        description="For a purpose on the basis of consent: how the consent is worded where a "
        "caseworker records it (defaults to the description)",
    )


class Channel(StrEnum):
    FACE_TO_FACE = "face_to_face"
    TELEPHONE = "telephone"
    EMAIL = "email"
    LETTER = "letter"
    REPORTS = "reports"
    EXPRESSION_OF_INTEREST = "expression_of_interest_form"
    ONLINE = "online"
    MEETINGS_AND_SESSIONS = "meetings_and_sessions"


class SourceType(StrEnum):
    DELIVERY_PARTNER = "delivery_partner"
    COMMISSIONED_PROVIDER = "commissioned_provider"
    REFERRAL_PARTNER = "referral_partner"
    OTHER_SERVICE = "other_service"
    EMPLOYER_OR_EDUCATION = "employer_or_education"
    GOVERNMENT_DEPARTMENT = "government_department"
    HEALTH_SERVICE = "health_service"
    POLICE_OR_PROBATION = "police_or_probation"
    OTHER_COUNCIL = "other_council"
    FAMILY_OR_REPRESENTATIVE = "family_or_representative"


class SourceCondition(StrEnum):
    """On what terms a source gives us information, as the notice says it."""

    NOT_STATED = "not_stated"
    WITH_YOUR_AGREEMENT = "with_your_agreement"
    WITH_YOUR_KNOWLEDGE = "with_your_knowledge"
    REQUIRED_BY_LAW = "required_by_law"


SOURCE_CONDITION_TEXT = {
    SourceCondition.WITH_YOUR_AGREEMENT: "with your agreement",
    SourceCondition.WITH_YOUR_KNOWLEDGE: "with your knowledge",
    SourceCondition.REQUIRED_BY_LAW: "because the law requires them to give it to us",
}


class Source(_Model):
    type: SourceType
    description: Text
    condition: SourceCondition = SourceCondition.NOT_STATED


class RecipientType(StrEnum):
    """The kinds of recipient UK council privacy notices name (read from several councils'
    corporate and service notices: see docs/decisions/0090). Each recipient also carries the
    programme's own wording (`description`)."""

    JOINT_CONTROLLER = "joint_controller"
    GOVERNMENT_DEPARTMENT = "government_department"  # central government
    PROCESSOR = "processor"  # commissioned contractors and processors acting for us
    EMPLOYER_OR_TRAINING = "employer_or_training_provider"
    HEALTH_SERVICE = "health_service"
    SAFEGUARDING_LAW_ENFORCEMENT = "safeguarding_or_law_enforcement"
    RESEARCH = "research_or_evaluation"  # survey, research and evaluation organisations
    STATUTORY_DATA_MATCHING = "statutory_data_matching"
    SUPPORT_ORGANISATION = "support_organisation"
    OTHER_COUNCIL = "other_council"  # other councils, district and parish councils
    COUNCIL_SERVICE = "council_service"  # other services of the same council
    COMMISSIONED_PROVIDER = "commissioned_provider"  # delivers services under a contract
    SOCIAL_CARE = "social_care"
    EMPLOYER = "employer"
    TRAINING_PROVIDER = "training_provider"
    EDUCATION_OR_EXAMINING_BODY = "education_or_examining_body"
    HOUSING_PROVIDER = "housing_provider"
    ELECTED_MEMBER = "elected_member"  # councillors and MPs acting for you
    REGULATOR_OR_OMBUDSMAN = "regulator_or_ombudsman"
    POLICE_OR_LAW_ENFORCEMENT = "police_or_law_enforcement"
    PROBATION = "probation"
    FIRE_AND_RESCUE = "fire_and_rescue"
    COURT_TRIBUNAL_OR_PRISON = "court_tribunal_or_prison"
    LEGAL_REPRESENTATIVE = "legal_representative"
    FRAUD_PREVENTION_AGENCY = "fraud_prevention_agency"
    DEBT_COLLECTION_AGENCY = "debt_collection_agency"
    CREDIT_REFERENCE_AGENCY = "credit_reference_agency"
    TRADE_UNION = "trade_union"
    PRESS_AND_MEDIA = "press_and_media"
    FAMILY_OR_REPRESENTATIVE = "family_or_representative"  # the person's family, carers
    FUNDER_OR_AUDITOR = "funder_or_auditor"
    VOLUNTARY_OR_COMMUNITY = "voluntary_or_community_organisation"
    EMERGENCY_SERVICES = "emergency_services"


RECIPIENT_TYPE_LABELS: dict[RecipientType, str] = {
    RecipientType.JOINT_CONTROLLER: "Joint controllers",
    RecipientType.GOVERNMENT_DEPARTMENT: "Central government departments and agencies",
    RecipientType.PROCESSOR: "Processors acting on our behalf",
    RecipientType.EMPLOYER_OR_TRAINING: "Employers and training providers",
    RecipientType.HEALTH_SERVICE: "Health services",
    RecipientType.SAFEGUARDING_LAW_ENFORCEMENT: "Safeguarding and law enforcement",
    RecipientType.RESEARCH: "Survey, research and evaluation organisations",
    RecipientType.STATUTORY_DATA_MATCHING: "Statutory data matching",
    RecipientType.SUPPORT_ORGANISATION: "Support organisations",
    RecipientType.OTHER_COUNCIL: "Other councils",
    RecipientType.COUNCIL_SERVICE: "Other council services",
    RecipientType.COMMISSIONED_PROVIDER: "Commissioned providers",
    RecipientType.SOCIAL_CARE: "Social care",
    RecipientType.EMPLOYER: "Employers",
    RecipientType.TRAINING_PROVIDER: "Training providers",
    RecipientType.EDUCATION_OR_EXAMINING_BODY: "Education and examining bodies",
    RecipientType.HOUSING_PROVIDER: "Housing providers",
    RecipientType.ELECTED_MEMBER: "Elected members (councillors and MPs)",
    RecipientType.REGULATOR_OR_OMBUDSMAN: "Regulators and ombudsmen",
    RecipientType.POLICE_OR_LAW_ENFORCEMENT: "Police and other law enforcement agencies",
    RecipientType.PROBATION: "Probation services",
    RecipientType.FIRE_AND_RESCUE: "Fire and rescue services",
    RecipientType.COURT_TRIBUNAL_OR_PRISON: "Courts, tribunals and prisons",
    RecipientType.LEGAL_REPRESENTATIVE: "Legal representatives",
    RecipientType.FRAUD_PREVENTION_AGENCY: "Fraud prevention agencies",
    RecipientType.DEBT_COLLECTION_AGENCY: "Debt collection agencies",
    RecipientType.CREDIT_REFERENCE_AGENCY: "Credit reference agencies",
    RecipientType.TRADE_UNION: "Trade unions",
    RecipientType.PRESS_AND_MEDIA: "The press and media",
    RecipientType.FAMILY_OR_REPRESENTATIVE: "Your family, carers or representatives",
    RecipientType.FUNDER_OR_AUDITOR: "Funders and auditors",
    RecipientType.VOLUNTARY_OR_COMMUNITY: "Voluntary and community organisations",
    RecipientType.EMERGENCY_SERVICES: "Emergency services",
}


class GatewayKind(StrEnum):
    """The legal gateway a disclosure without a data-sharing agreement rests on."""

    STATUTORY_DUTY = "statutory_duty"
    STATUTORY_POWER = "statutory_power"
    COURT_ORDER = "court_order"
    CRIME_PREVENTION_EXEMPTION = "crime_prevention_exemption"  # DPA 2018 Sch 2 para 2
    STATUTORY_DATA_MATCHING = "statutory_data_matching"  # e.g. the National Fraud Initiative
    SAFEGUARDING = "safeguarding"  # DPA 2018 Sch 1 para 18


GATEWAY_KIND_LABELS = {
    GatewayKind.STATUTORY_DUTY: "A duty in law",
    GatewayKind.STATUTORY_POWER: "A power in law",
    GatewayKind.COURT_ORDER: "A court order",
    GatewayKind.CRIME_PREVENTION_EXEMPTION: "The prevention or detection of crime",
    GatewayKind.STATUTORY_DATA_MATCHING: "A statutory data-matching exercise",
    GatewayKind.SAFEGUARDING: "Safeguarding a child or an adult at risk",
}


class LegalGateway(_Model):
    """Sharing under the law rather than a data-sharing agreement."""

    kind: GatewayKind
    reference: Text = Field(
        description='The legal reference, e.g. "Local Audit and Accountability Act 2014, '
        'Part 6" or "DPA 2018 Schedule 2 paragraph 2"'
    )
    description: str = ""
    stated: bool = Field(
        default=True,
        description="False where the programme's notice does not say which law the sharing "
        "rests on: the register keeps it (the loader needs an agreement or a gateway) and "
        "`manage.py register check` lists it for the DPO to confirm. A gateway is never shown "
        "in the notice either way",
    )

    def __str__(self) -> str:
        return f"{GATEWAY_KIND_LABELS[self.kind]}: {self.reference}" + (
            f" ({self.description})" if self.description else ""
        )

    def __contains__(self, text: str) -> bool:
        # Code written when a gateway was plain text reads it as text ("… in gateway").
        return text in str(self)


class Agreement(_Model):
    reference: Text
    categories: list[str] = Field(min_length=1)
    purposes: list[str] = Field(min_length=1)
    starts_on: datetime.date
    expires_on: datetime.date


class Recipient(_Model):
    """Someone the programme shares with, under a data-sharing `agreement` or a `legal_gateway`
    (or both); the loader refuses a recipient with neither."""

    key: Text
    description: str = Field(
        default="",
        description="The recipient in the programme's own words; the kind's label if left out",
    )
    type: RecipientType
    consent_needed: bool
    condition: str = Field(
        default="",
        description='The programme\'s own words for when it shares, e.g. "with your knowledge"',
    )
    agreement: Agreement | None = None
    legal_gateway: LegalGateway | None = None

    @property
    def label(self) -> str:
        return self.description or RECIPIENT_TYPE_LABELS[self.type]


class Anchor(StrEnum):
    PROGRAMME_END = "programme_end"
    FIXED_DATE = "fixed_date"
    PARTICIPANT_EXIT = "participant_exit"
    RECORD_CREATION = "record_creation"
    # The day the participant reaches `age` (from their date of birth): "until the upper limit
    # of the cohort age (19, or 25 with a learning difficulty or disability)".
    PARTICIPANT_AGE = "participant_age"


class Action(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


class _RetentionTerm(_Model):
    anchor: Anchor
    years: int = Field(default=0, ge=0, le=100)
    months: int = Field(default=0, ge=0, le=11)
    date: datetime.date | None = None
    age: int | None = Field(
        default=None,
        ge=1,
        le=120,
        description="For a participant_age anchor: the age the period counts from (e.g. 19)",
    )
    age_if_disabled: int | None = Field(
        default=None,
        ge=1,
        le=120,
        description="For a participant_age anchor: the age used instead for a participant "
        "recorded as disabled (their answer to 'considers themselves disabled' is yes), e.g. "
        "25 for 'or up to 25 with a learning difficulty or disability'",
    )

    @model_validator(mode="after")
    def _anchor_needs(self):
        if self.anchor == Anchor.FIXED_DATE and self.date is None:
            raise ValueError("a fixed_date anchor needs a date")
        if self.anchor != Anchor.FIXED_DATE and self.date is not None:
            raise ValueError("only a fixed_date anchor takes a date")
        if self.anchor == Anchor.PARTICIPANT_AGE and self.age is None:
            raise ValueError("a participant_age anchor needs an age, e.g. `age: 19`")
        if self.anchor != Anchor.PARTICIPANT_AGE and (
            self.age is not None or self.age_if_disabled is not None
        ):
            raise ValueError("only a participant_age anchor takes an age")
        if self.age_if_disabled is not None and self.age_if_disabled < (self.age or 0):
            raise ValueError("age_if_disabled cannot be below age")
        return self

    def age_for(self, *, disabled: bool) -> int | None:
        """The age a participant_age term counts from for this participant."""
        if disabled and self.age_if_disabled is not None:
            return self.age_if_disabled
        return self.age


class RetentionTerm(_RetentionTerm):
    """A further period of a "whichever is later" rule."""

    @model_validator(mode="after")
    def _not_per_record(self):
        if self.anchor == Anchor.RECORD_CREATION:
            raise ValueError(
                "a 'whichever is later' period counts from the programme's end, a fixed date, "
                "the participant's exit or their reaching an age, not from each record's creation"
            )
        return self


class RetentionRule(_RetentionTerm):
    record_type: Text
    action: Action
    or_later: list[RetentionTerm] = Field(
        default=[],
        description="Further periods: the record is kept until the latest of the rule's own "
        "period and these ('six years after you leave or until 30 June 2032, whichever is "
        "later')",
    )
    in_notice: bool = Field(
        default=True,
        description="List this rule in the privacy notice (false for rules about staff records "
        "or rules the notice covers in its own words)",
    )

    @model_validator(mode="after")
    def _later_of_whole_records(self):
        if self.or_later and self.anchor == Anchor.RECORD_CREATION:
            raise ValueError(
                "a rule counted from each record's creation cannot also be 'whichever is later'"
            )
        return self

    @property
    def terms(self) -> list[_RetentionTerm]:
        return [self, *self.or_later]


class Storage(_Model):
    location: Text
    systems: list[str] = []
    paper: str = ""
    statement: list[str] = Field(
        default=[],
        description="How the notice says where data is stored, in the programme's own words; "
        "without it the notice lists the location and systems",
    )


class RightNote(_Model):
    right: Text
    note: Text


class Offer(StrEnum):
    YES = "yes"
    IN_SOME_CASES = "in_some_cases"


class RightOffered(_Model):
    """A right the programme offers beyond what the law requires for its lawful bases, with
    its own wording and reason. It may never offer less than the law."""

    right: Text
    applies: Offer
    wording: Text


class PromiseKind(StrEnum):
    RECORDS_DISCLOSURES = "records_disclosures"
    TELLS_OF_SHARING_CHANGES = "tells_of_sharing_changes"


class Promise(_Model):
    """A promise the notice makes in the programme's own words. It appears only while the
    system has the capability that keeps it (casework/register/capabilities.py)."""

    kind: PromiseKind
    text: Text


class NoticeSection(StrEnum):
    WHO_WE_ARE = "who-we-are"
    WHAT_WE_HOLD = "what-we-hold"
    HOW_WE_COLLECT = "how-we-collect"
    WHY = "why"
    LAWFUL_BASIS = "lawful-basis"
    SHARING = "sharing"
    RETENTION = "retention"
    STORAGE = "storage"
    RIGHTS = "rights"
    COMPLAINTS = "complaints"
    MORE = "more"
    CHANGES = "changes"


class LeadIn(StrEnum):
    """The places where the notice introduces a declared list; the programme may word each."""

    DATA_COLLECTED = "data_collected"
    COLLECTION_CHANNELS = "collection_channels"
    SOURCES = "sources"  # the sources whose condition is not stated
    SOURCES_WITH_YOUR_AGREEMENT = "sources_with_your_agreement"
    SOURCES_WITH_YOUR_KNOWLEDGE = "sources_with_your_knowledge"
    SOURCES_REQUIRED_BY_LAW = "sources_required_by_law"
    PURPOSES = "purposes"
    LAWFUL_BASIS = "lawful_basis"
    RECIPIENTS = "recipients"
    CONSENT_WITHDRAWAL = "consent_withdrawal"
    INTERNATIONAL_TRANSFERS = "international_transfers"
    SECURITY_MEASURES = "security_measures"
    RIGHTS_CONTACT = "rights_contact"
    COMPLAINTS = "complaints"
    ICO = "ico"


class NoticeWording(_Model):
    """The notice's title, its "last updated" date (separate from when a version is
    published) and the programme's own paragraphs, each placed in a section."""

    title: Text = "privacy notice"
    marks_special_category: bool = Field(
        default=True,
        description="Mark special category and criminal offence data in the list of what is "
        "held (false where the notice does not)",
    )
    basis_per_purpose: bool = Field(
        default=True,
        description="Show the table of each purpose's lawful basis (false where the notice "
        "states its bases without saying which purpose rests on which)",
    )
    lists_bases: bool = Field(
        default=True,
        description="List the lawful bases in Casework's words (false where the lead-in of the "
        "lawful basis section, notice.lead_ins.lawful_basis, already states them in the "
        "programme's own words)",
    )
    last_updated: Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] | None = Field(
        default=None,
        description="When the programme last updated the notice: 2025-05 or 2025-05-14",
    )

    @field_validator("last_updated", mode="before")
    @classmethod
    def _date_as_text(cls, value):
        # YAML reads 2025-05-14 as a date; the notice keeps what the programme wrote.
        return value.isoformat() if isinstance(value, datetime.date) else value

    paragraphs: dict[NoticeSection, list[str]] = Field(
        default={},
        description="The programme's own paragraphs, by section; each is shown at the end of "
        "its section",
    )
    headings: dict[NoticeSection, str] = Field(
        default={},
        description="The programme's own heading for a section, where its notice has one "
        '(e.g. why: "Why we collect and use this information"); other sections keep '
        "Casework's heading",
    )
    lead_ins: dict[LeadIn, str] = Field(
        default={},
        description="The programme's own sentence introducing a list (for sources, a lead-in "
        "replaces the neutral label of sources whose condition is not stated; for "
        "international_transfers it replaces the sentence saying nothing leaves the UK)",
    )


class SupportKind(StrEnum):
    PAID_WORK = "paid_work"
    TRAINING_AND_QUALIFICATIONS = "training_and_qualifications"
    CAREERS_ADVICE = "careers_advice"
    VOLUNTEERING_AND_WORK_EXPERIENCE = "volunteering_and_work_experience"
    JOB_SEARCH = "job_search"
    MENTORING = "mentoring"
    IN_WORK_SUPPORT = "in_work_support"
    SELF_EMPLOYMENT = "self_employment"
    APPRENTICESHIPS = "apprenticeships"
    PERSONAL_DEVELOPMENT = "personal_development"


class SupportOffered(_Model):
    kind: SupportKind
    label: str = ""


class QualifyingGroup(StrEnum):
    """Who Connect to Work is for (DOMAIN.md): disabled people, people with a health condition,
    and the specified disadvantaged groups."""

    DISABLED = "disabled"
    HEALTH_CONDITION = "health_condition"
    CARE_LEAVER = "care_leaver"
    AT_RISK_OF_SERIOUS_VIOLENCE = "at_risk_of_serious_violence"
    OFFENDER = "offender"
    CARER = "carer"
    HOMELESS = "homeless"
    VETERAN = "veteran"
    DRUG_OR_ALCOHOL_DEPENDENCY = "drug_or_alcohol_dependency"
    REFUGEE = "refugee"
    DOMESTIC_ABUSE_SURVIVOR = "domestic_abuse_survivor"
    MODERN_SLAVERY_SURVIVOR = "modern_slavery_survivor"


class Strand(StrEnum):
    OUT_OF_WORK = "out_of_work"
    IN_WORK_RETENTION = "in_work_retention"


class Eligibility(_Model):
    """The programme's eligibility rules. They advise; a person decides (no automated decision)."""

    minimum_age: int = Field(default=18, ge=16, le=99)
    exceptional_minimum_age: int = Field(default=16, ge=16, le=99)
    must_live_in_area: bool = True
    right_to_work_required: bool = True
    excludes_other_dwp_employment_programmes: bool = True
    qualifying_groups: list[QualifyingGroup] = Field(
        default_factory=lambda: list(QualifyingGroup),
        description="Who the programme is for; an empty list: open to anyone who meets the "
        "other rules (not every programme is Connect to Work)",
    )
    strands: list[Strand] = Field(default_factory=lambda: list(Strand), min_length=1)

    @model_validator(mode="after")
    def _exceptional_age_not_above_minimum(self):
        if self.exceptional_minimum_age > self.minimum_age:
            raise ValueError("exceptional_minimum_age cannot be above minimum_age")
        return self


class OutcomeDefinition(_Model):
    """One sustainment milestone, e.g. 13 weeks of at least 7 hours a week within 16 weeks."""

    key: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    label: Text
    weeks_required: int = Field(ge=1, le=104)
    window_weeks: int = Field(ge=1, le=156)
    min_weekly_hours: Decimal = Field(gt=0, le=80)

    @model_validator(mode="after")
    def _window_holds_the_weeks(self):
        if self.window_weeks < self.weeks_required:
            raise ValueError("window_weeks cannot be shorter than weeks_required")
        return self


class JobLimits(_Model):
    """The range a job start must fall within to be recorded."""

    max_hours_per_week: Decimal = Field(default=Decimal("80"), gt=0, le=168)
    min_hourly_pay: Decimal = Field(default=Decimal("0.01"), ge=0)
    max_hourly_pay: Decimal = Field(default=Decimal("200"), gt=0)
    max_days_ahead: int = Field(default=90, ge=0, le=365)

    @model_validator(mode="after")
    def _pay_range(self):
        if self.max_hourly_pay <= self.min_hourly_pay:
            raise ValueError("max_hourly_pay must be more than min_hourly_pay")
        return self


class Outcomes(_Model):
    """The programme's job outcome definitions and the limits of a job record. DWP sets the exact
    Connect to Work thresholds per programme, so they live here and never in code."""

    sustainment: list[OutcomeDefinition] = Field(min_length=1)
    job_limits: JobLimits = Field(default_factory=JobLimits)
    milestone_due_within_days: int = Field(default=14, ge=0, le=90)

    @model_validator(mode="after")
    def _keys_unique(self):
        keys = [d.key for d in self.sustainment]
        if len(keys) != len(set(keys)):
            raise ValueError("each sustainment outcome needs its own key")
        return self


# The de-identified evaluation extract (casework/evaluation): which columns leave, which of them
# are quasi-identifiers (generalised until k-anonymity holds) and which are special category
# attributes (l-diversity holds for each), the thresholds and the most records that may be
# suppressed. What each column holds and how it is generalised is Casework's (columns.py); which
# ones a programme releases, to whom and how safely, is the programme's.
class EvaluationColumn(StrEnum):
    AGE = "age"
    GENDER = "gender"
    AREA = "area"
    REFERRED_MONTH = "referred_month"
    ENROLLED_MONTH = "enrolled_month"
    IN_WORK_MONTH = "in_work_month"
    EXITED_MONTH = "exited_month"
    STATUS = "status"
    EXIT_REASON = "exit_reason"
    DISABILITY = "disability"
    ETHNICITY = "ethnicity"


class EvaluationExtract(_Model):
    """The programme's evaluation extract. Every key is optional; left out, the defaults apply."""

    recipient: str = Field(
        default="",
        description="Key of the recipient (declared under recipients) the extract goes to; "
        "left out: the one whose agreement covers the evaluation purpose",
    )
    purpose: str = Field(
        default="",
        description="Key of the purpose (of kind evaluation) the extract serves; left out: the "
        "programme's purpose of kind evaluation",
    )
    columns: list[EvaluationColumn] = Field(
        default_factory=list,
        description="The columns released, besides the pseudonym; left out: every column whose "
        "data category the purpose and the agreement cover",
    )
    quasi_identifiers: list[EvaluationColumn] | None = Field(
        default=None,
        description="Columns someone could link to other data (generalised until k-anonymity "
        "holds); left out: the released ones among age, gender, area and the months",
    )
    sensitive: list[EvaluationColumn] | None = Field(
        default=None,
        description="Special category columns (l-diversity holds for each); left out: the "
        "released ones among disability and ethnicity",
    )
    k: int = Field(
        default=5,
        ge=2,
        le=1000,
        description="k-anonymity: each combination of "
        "quasi-identifiers is shared by at least k records",
    )
    l: int = Field(  # noqa: E741 - the l of l-diversity
        default=2,
        ge=1,
        le=50,
        description="distinct l-diversity: each such group "
        "holds at least l different values of each sensitive column",
    )
    max_suppression: float = Field(
        default=0.05,
        ge=0,
        le=0.5,
        description="The largest share of records that may be left out to reach k and l (0.05: 5%)",
    )
    withhold_allowed: bool = Field(
        default=False,
        description="Whether a quasi-identifier may be generalised away altogether (released "
        "as '*') to meet k and l; left out, the coarsest level released is 20-year bands, the "
        "year, the local authority, the value as recorded, and smaller groups are suppressed",
    )
    age_bands: list[Annotated[int, Field(ge=2, le=50)]] = Field(
        default_factory=lambda: [5, 10, 20],
        min_length=1,
        description="Widths in years of the age bands, finest first; the coarsest level "
        "releases no age",
    )

    @model_validator(mode="after")
    def _columns_consistent(self):
        if len(set(self.columns)) != len(self.columns):
            raise ValueError("a column is listed twice in columns")
        if self.age_bands != sorted(set(self.age_bands)) or any(
            wider % narrower
            for narrower, wider in zip(self.age_bands, self.age_bands[1:], strict=False)
        ):
            raise ValueError(
                "age_bands must widen from finest to coarsest, each a multiple of the one "
                "before (for example [5, 10, 20])"
            )
        qi, sensitive = set(self.quasi_identifiers or ()), set(self.sensitive or ())
        if qi & sensitive:
            raise ValueError(
                "a column cannot be both a quasi-identifier and sensitive: "
                + ", ".join(sorted(qi & sensitive))
            )
        if self.columns and not (qi | sensitive) <= set(self.columns):
            raise ValueError(
                "quasi_identifiers and sensitive must be among columns: "
                + ", ".join(sorted((qi | sensitive) - set(self.columns)))
            )
        return self


# --- DWP management-information returns (issue 15) -----------------------------------------
# A self-contained block: the monthly return's column definitions, versioned because the DWP
# issues its specification to accountable bodies and changes it. casework/returns reads them;
# what each `source` means (which model field it comes from) is casework/returns/columns.py.


class ReturnSource(StrEnum):
    PARTICIPANT_REFERENCE = "participant_reference"
    AREA_CODE = "area_code"
    DELIVERY_PARTNER = "delivery_partner"
    REFERRED_ON = "referred_on"
    STARTED_ON = "started_on"
    STRAND = "strand"
    DELIVERY_MODEL = "delivery_model"
    ELIGIBILITY_GROUPS = "eligibility_groups"
    AGE_AT_REFERRAL = "age_at_referral"
    GENDER = "gender"
    DISABILITY = "disability"
    ETHNICITY = "ethnicity"
    JOB_STARTED_ON = "job_started_on"
    JOB_EMPLOYMENT_TYPE = "job_employment_type"
    JOB_HOURS_PER_WEEK = "job_hours_per_week"
    JOB_PAY_BAND = "job_pay_band"
    MILESTONE = "milestone"
    EXITED_ON = "exited_on"
    EXIT_REASON = "exit_reason"


class ReturnColumnType(StrEnum):
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    CHOICE = "choice"


class ReturnColumn(_Model):
    """One column of the return: its header, where its value comes from, and what is valid."""

    key: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    header: Text
    source: ReturnSource
    type: ReturnColumnType = ReturnColumnType.TEXT
    required: bool = Field(
        default=False, description="An empty value is reported as missing before release"
    )
    allowed: list[str] = Field(
        default=[], description="For a choice column: the values the DWP accepts"
    )
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    outcome: str = Field(
        default="", description="For a milestone column: the key of an outcomes.sustainment entry"
    )
    pay_bands: list[Decimal] = Field(
        default=[],
        description="For job_pay_band: the band boundaries in pounds an hour, lowest first",
    )

    @model_validator(mode="after")
    def _fits_its_source(self):
        if self.type == ReturnColumnType.CHOICE and not self.allowed:
            raise ValueError("a choice column lists its allowed values")
        if self.source == ReturnSource.MILESTONE and not self.outcome:
            raise ValueError("a milestone column names its outcome (an outcomes.sustainment key)")
        if list(self.pay_bands) != sorted(set(self.pay_bands)):
            raise ValueError("pay_bands must rise, each once")
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise ValueError("maximum cannot be below minimum")
        return self


class ReturnDefinition(_Model):
    """One version of the DWP's specification, in force for months from `effective_from`."""

    version: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+$")]
    effective_from: datetime.date
    columns: list[ReturnColumn] | None = Field(
        default=None,
        description="Left out in a Connect to Work programme (one with delivery models): what "
        "DWP employment programmes collect (casework/returns/columns.py DEFAULT_COLUMNS)",
    )

    @model_validator(mode="after")
    def _keys_unique(self):
        keys = [c.key for c in self.columns or ()]
        if len(keys) != len(set(keys)):
            raise ValueError("each column needs its own key")
        return self


class Returns(_Model):
    """The monthly management-information return to the DWP: who receives it (a recipient of
    type government_department with an agreement covering the purpose) and its versions."""

    recipient: Text = Field(description="The key of the recipient the return is released to")
    purpose: Text = Field(default="reporting", description="The purpose key it is released for")
    definitions: list[ReturnDefinition] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_unique(self):
        versions = [d.version for d in self.definitions]
        if len(versions) != len(set(versions)):
            raise ValueError("each definition needs its own version")
        return self


def _check_returns(config) -> list[tuple[tuple, str]]:
    """The return's recipient, purpose and milestones exist in the rest of the file."""
    section = config.returns
    if section is None:
        return []
    problems = []
    recipient = next((r for r in config.recipients if r.key == section.recipient), None)
    if recipient is None:
        problems.append(
            (("returns", "recipient"), f"{section.recipient!r} is not one of the recipients")
        )
    if section.purpose not in {p.key for p in config.purposes}:
        problems.append((("returns", "purpose"), f"{section.purpose!r} is not one of the purposes"))
    outcomes = {d.key for d in config.outcomes.sustainment} if config.outcomes else set()
    for i, definition in enumerate(section.definitions):
        if definition.columns is None and not config.delivery_models:
            problems.append(
                (
                    ("returns", "definitions", i, "columns"),
                    "list the return's columns: the DWP default is only for a Connect to Work "
                    "programme (one with delivery_models)",
                )
            )
        for j, column in enumerate(definition.columns or ()):
            if column.source == ReturnSource.MILESTONE and column.outcome not in outcomes:
                problems.append(
                    (
                        ("returns", "definitions", i, "columns", j, "outcome"),
                        f"{column.outcome!r} is not a key under outcomes.sustainment",
                    )
                )
    return problems


Paragraphs = str | list[str]


class ProgrammeConfig(_Model):
    """One programme's processing register: what its privacy notice says, as data. Everything
    the generated notice says comes from here; a key left out is left out of the notice."""

    slug: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    name: Text
    starts_on: datetime.date
    ends_on: datetime.date
    delivery_models: list[Literal["IPS", "SEQF"]] = []
    support_offered: list[SupportOffered] = []
    notice: NoticeWording = Field(default_factory=NoticeWording)
    introduction: Paragraphs = ""
    who_we_are: Paragraphs = ""
    reply_to_interest: str = Field(
        default="",
        description="When someone who asks to join hears back, in the programme's own words "
        "(for example 'usually within 10 working days'); the form's confirmation says it, and "
        "says nothing of when where it is left out",
    )
    areas: list[Area] = Field(min_length=1)
    controllers: Controllers
    dpo: Contact | None = None
    rights_contact: Contact | None = None
    changes_contact: Contact | None = Field(
        default=None, description="Who to tell about changes to your details"
    )
    consent_withdrawal: list[str] = []
    complaints: Contact | None = None
    complain_to_us_first: bool = Field(
        default=False,
        description="The notice asks people to complain to the programme first, then to the ICO",
    )
    ico: Contact | None = None
    data_collected: list[CollectedCategory] = Field(min_length=1)
    collection_channels: list[Channel] = []
    sources: list[Source] = []
    purposes: list[ProcessingPurpose] = Field(min_length=1)
    recipients: list[Recipient] = []
    promises: list[Promise] = []
    retention: list[RetentionRule] = Field(min_length=1)
    retention_summary: Paragraphs = ""
    international_transfers: str = Field(
        default="not_stated",
        description="not_stated (the notice says nothing), none (nothing leaves the UK), or the "
        "programme's own words about its transfers",
    )
    automated_decision_making: bool | None = Field(
        default=None, description="Left out: the notice says nothing about automated decisions"
    )
    storage: Storage | None = None
    security_measures: list[str] = []
    right_notes: list[RightNote] = []
    rights_offered: list[RightOffered] = []
    further_information: list[str] = []
    eligibility: Eligibility = Field(default_factory=Eligibility)
    outcomes: Outcomes | None = None
    evaluation: EvaluationExtract = Field(
        default_factory=EvaluationExtract,
        description="The de-identified evaluation extract (casework/evaluation)",
    )
    returns: Returns | None = Field(
        default=None, description="The monthly management-information return to the DWP"
    )


@dataclass(frozen=True)
class Problem:
    file: str
    path: tuple
    line: int | None
    message: str

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "(top level)"
        line = f", line {self.line}" if self.line else ""
        return f"{self.file}: {where}{line}: {self.message}"


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_marks(node, path=(), marks=None) -> dict[tuple, int]:
    """Maps each key path of a composed YAML document to its (1-based) line."""
    marks = {} if marks is None else marks
    marks.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, key_node.value)
            marks[key_path] = key_node.start_mark.line + 1
            _line_marks(value_node, key_path, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_marks(item, (*path, index), marks)
    return marks


def _line_of(marks: dict[tuple, int], path: tuple) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in marks:
            return marks[path[:end]]
    return None


def load_config(path: str | Path, *, today: datetime.date | None = None) -> ProgrammeConfig:
    """Reads and checks a programme configuration file; raises ConfigError listing every
    problem."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    name = str(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(
            [Problem(name, (), mark.line + 1 if mark else None, f"not valid YAML: {error}")]
        ) from None
    if not isinstance(raw, dict):
        raise ConfigError([Problem(name, (), 1, "the file must be a mapping of keys")])
    marks = _line_marks(node)
    try:
        config = ProgrammeConfig.model_validate(raw)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            loc = tuple(
                p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or p in _TYPE_NAMES))
            )
            problems.append(Problem(name, loc, _line_of(marks, loc), _explained(e, loc)))
        raise ConfigError(_unique(problems)) from None
    problems = [
        Problem(name, loc, _line_of(marks, loc), message)
        for loc, message in check_config(config, today=today or timezone.localdate())
    ]
    if problems:
        raise ConfigError(problems)
    return config


# Names pydantic puts in an error's location for the branch of a union that failed.
_TYPE_NAMES = {"str", "int", "float", "bool", "date", "list", "dict", "none", "json-or-python"}


def _unique(problems: list["Problem"]) -> list["Problem"]:
    """One problem per key (a value failing every branch of a union is one problem)."""
    seen: dict[tuple, Problem] = {}
    for problem in problems:
        seen.setdefault(problem.path, problem)
    return list(seen.values())


def _explained(error: dict, loc: tuple) -> str:
    """pydantic's message with what is allowed at the key and an example; for an unknown key,
    the nearest known one."""
    schema = ProgrammeConfig.model_json_schema()
    kind = error["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        near = schemawalk.nearest_key(schema, loc[:-1], str(key))
        known = schemawalk.known_keys(schema, loc[:-1])
        return (
            f"unknown key {key!r}"
            + (f"; did you mean {near!r}?" if near else ".")
            + (f" Allowed here: {', '.join(known)}." if known else "")
        )
    if kind == "missing":
        return (
            f"{loc[-1]!r} is required here. Allowed: {schemawalk.allowed(schema, loc)}. "
            f"Example: `{schemawalk.example(schema, loc)}`"
        )
    message = error["msg"]
    allowed = schemawalk.allowed(schema, loc)
    example = schemawalk.example(schema, loc)
    return (
        message
        + (f". Allowed: {allowed}" if allowed and allowed not in message else "")
        + (f". Example: `{example}`" if example else "")
    )


def check_config(config: ProgrammeConfig, *, today: datetime.date) -> list[tuple[tuple, str]]:
    """The rules beyond the schema: the register's categories, fields and record types, the
    law's conditions, live agreements and data minimisation."""
    problems: list[tuple[tuple, str]] = []
    area_codes = {a.code for a in config.areas}
    if config.ends_on <= config.starts_on:
        problems.append((("ends_on",), "the programme must end after it starts"))

    controllers = config.controllers
    for group in ("joint_controllers", "commissioned_providers"):
        for i, org in enumerate(getattr(controllers, group)):
            for j, code in enumerate(org.areas):
                if code not in area_codes:
                    problems.append(
                        (
                            ("controllers", group, i, "areas", j),
                            f"area {code} is not one of the programme's areas",
                        )
                    )

    collected: dict[str, CollectedCategory] = {}
    for i, entry in enumerate(config.data_collected):
        where = ("data_collected", i)
        if entry.category not in CATEGORIES:
            problems.append(
                (
                    (*where, "category"),
                    f"unknown data category {entry.category!r}; known: {', '.join(CATEGORIES)}",
                )
            )
            continue
        if entry.category in collected:
            problems.append(((*where, "category"), f"{entry.category!r} is listed twice"))
        collected[entry.category] = entry
        for j, field_ref in enumerate(entry.fields):
            model_label, _, field_name = field_ref.rpartition(".")
            declared = PERSONAL_FIELDS.get(model_label, {}).get(field_name)
            if declared is None:
                problems.append(
                    (
                        (*where, "fields", j),
                        f"unknown field {field_ref!r}: not declared in "
                        "casework/register/fields.py (write it as app.Model.field)",
                    )
                )
            elif declared.category != entry.category:
                problems.append(
                    (
                        (*where, "fields", j),
                        f"field {field_ref!r} is in category {declared.category!r}, "
                        f"not {entry.category!r}",
                    )
                )

    purpose_keys = {p.key for p in config.purposes}
    used_categories: set[str] = set()
    for i, purpose in enumerate(config.purposes):
        where = ("purposes", i)
        if purpose.art6 is None:
            problems.append(
                ((*where, "art6"), f"purpose {purpose.key!r} has no Article 6 lawful basis")
            )
        if config.notice.basis_per_purpose and not (
            purpose.art6_in_notice and purpose.art9_in_notice
        ):
            problems.append(
                (
                    (*where, "art6_in_notice" if not purpose.art6_in_notice else "art9_in_notice"),
                    f"purpose {purpose.key!r} keeps a basis out of the notice, but "
                    "notice.basis_per_purpose shows every purpose's basis: set one or the other",
                )
            )
        if purpose.key.startswith(RESERVED_PURPOSE_KEY_PREFIX):
            problems.append(
                (
                    (*where, "key"),
                    f"purpose key {purpose.key!r} begins with {RESERVED_PURPOSE_KEY_PREFIX!r}, "
                    "which names consent to share with a named organisation: choose another key",
                )
            )
        special = []
        for j, key in enumerate(purpose.categories):
            if key not in collected:
                problems.append(
                    (
                        (*where, "categories", j),
                        f"purpose {purpose.key!r} uses {key!r}, which is not in data_collected",
                    )
                )
                continue
            used_categories.add(key)
            if CATEGORIES[key].special_category or CATEGORIES[key].criminal_offence:
                special.append(key)
        if any(CATEGORIES[k].special_category for k in special) and purpose.art9 is None:
            problems.append(
                (
                    (*where, "art9"),
                    f"purpose {purpose.key!r} uses special category data "
                    f"({', '.join(special)}) but has no Article 9 condition",
                )
            )
        part_needed = ART9_NEEDS_SCHEDULE1_PART.get(purpose.art9) if purpose.art9 else None
        if any(CATEGORIES[k].criminal_offence for k in special) and not part_needed:
            part_needed = 0  # Art 10: any Schedule 1 condition
        if special and part_needed is not None:
            if purpose.schedule1 is None:
                problems.append(
                    (
                        (*where, "schedule1"),
                        f"purpose {purpose.key!r} relies on "
                        f"{purpose.art9.value if purpose.art9 else 'Article 10'}, which needs a "
                        "DPA 2018 Schedule 1 condition",
                    )
                )
            elif part_needed and SCHEDULE1_LABELS[purpose.schedule1][0] != part_needed:
                problems.append(
                    (
                        (*where, "schedule1"),
                        f"Article 9 condition {purpose.art9.value} needs a condition from "
                        f"Schedule 1 Part {part_needed}, not {purpose.schedule1.value}",
                    )
                )

    for key, entry in collected.items():
        if key in used_categories:
            continue
        index = next(i for i, e in enumerate(config.data_collected) if e.category == key)
        if entry.fields:
            for j, field_ref in enumerate(entry.fields):
                problems.append(
                    (
                        ("data_collected", index, "fields", j),
                        f"field {field_ref!r} is collected but no purpose uses it "
                        "(data minimisation)",
                    )
                )
        else:
            problems.append(
                (
                    ("data_collected", index, "category"),
                    f"category {key!r} is collected but no purpose uses it (data minimisation)",
                )
            )

    for i, recipient in enumerate(config.recipients):
        where = ("recipients", i)
        agreement = recipient.agreement
        if agreement is None:
            if recipient.legal_gateway is None:
                problems.append(
                    (
                        where,
                        f"recipient {recipient.key!r} has neither a data-sharing agreement nor "
                        "a legal gateway: give one of them, for example "
                        "`agreement: {reference: DSA-01, categories: [identity], purposes: "
                        "[support], starts_on: 2025-04-01, expires_on: 2030-03-31}` or "
                        "`legal_gateway: {kind: crime_prevention_exemption, reference: DPA 2018 "
                        "Schedule 2 paragraph 2}`",
                    )
                )
            continue
        if agreement.expires_on < today:
            problems.append(
                (
                    (*where, "agreement", "expires_on"),
                    f"the data-sharing agreement {agreement.reference} with "
                    f"{recipient.key!r} expired on {agreement.expires_on:%-d %B %Y}",
                )
            )
        if agreement.expires_on <= agreement.starts_on:
            problems.append(
                ((*where, "agreement", "expires_on"), "the agreement must expire after it starts")
            )
        for j, key in enumerate(agreement.categories):
            if key not in collected:
                problems.append(
                    (
                        (*where, "agreement", "categories", j),
                        f"the agreement shares {key!r}, which is not in data_collected",
                    )
                )
        for j, key in enumerate(agreement.purposes):
            if key not in purpose_keys:
                problems.append(((*where, "agreement", "purposes", j), f"unknown purpose {key!r}"))

    right_keys = [r.key for r in RIGHTS]
    for i, note in enumerate(config.right_notes):
        if note.right not in right_keys:
            problems.append(
                (
                    ("right_notes", i, "right"),
                    f"unknown right {note.right!r}; known: {', '.join(right_keys)}",
                )
            )

    bases = {p.art6.value for p in config.purposes if p.art6}
    for i, offer in enumerate(config.rights_offered):
        if offer.right not in right_keys:
            problems.append(
                (
                    ("rights_offered", i, "right"),
                    f"unknown right {offer.right!r}; known: {', '.join(right_keys)}",
                )
            )
            continue
        offered = "yes" if offer.applies == Offer.YES else "partly"
        by_law = legal_verdict(bases, offer.right)
        if RANK[offered] < RANK[by_law]:
            problems.append(
                (
                    ("rights_offered", i, "applies"),
                    f"the law gives the right {offer.right!r} in full for this programme's "
                    "lawful bases: a programme may offer more than the law requires, never less",
                )
            )

    seen_types = set()
    for i, rule in enumerate(config.retention):
        if rule.record_type not in RECORD_TYPES:
            problems.append(
                (
                    ("retention", i, "record_type"),
                    f"retention rule for unknown record type {rule.record_type!r}; "
                    f"known: {', '.join(RECORD_TYPES)}",
                )
            )
        elif rule.record_type in seen_types:
            problems.append(
                (("retention", i, "record_type"), f"{rule.record_type!r} has two rules")
            )
        elif RECORD_TYPES[rule.record_type].owner != "participant" and any(
            term.anchor == Anchor.PARTICIPANT_AGE for term in rule.terms
        ):
            problems.append(
                (
                    ("retention", i, "anchor"),
                    f"{rule.record_type!r} records belong to no participant, so they cannot be "
                    "kept until a participant reaches an age: use programme_end, fixed_date or "
                    "record_creation",
                )
            )
        seen_types.add(rule.record_type)
    problems.extend(_check_returns(config))
    return problems


def normalised(config: ProgrammeConfig) -> dict[str, Any]:
    """The configuration as plain JSON data, the same for the same content."""
    return config.model_dump(mode="json")


def content_hash(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """A version stored before the register took its current shape, in that shape: sources'
    `with_your_agreement` became `condition`, a recipient's legal gateway text became a gateway
    with a kind, and "none" was the default for transfers and False for automated decisions."""
    data = json.loads(json.dumps(data))
    for source in data.get("sources", []):
        if "with_your_agreement" in source:
            agreed = source.pop("with_your_agreement")
            source.setdefault("condition", "with_your_agreement" if agreed else "not_stated")
    for recipient in data.get("recipients", []):
        if isinstance(recipient.get("legal_gateway"), str):
            text = recipient.pop("legal_gateway")
            if text:
                recipient["legal_gateway"] = {"kind": "statutory_duty", "reference": text}
    return data


def config_from_json(data: dict[str, Any]) -> ProgrammeConfig:
    """Rebuilds a stored version (already validated when it was loaded)."""
    return ProgrammeConfig.model_validate(_upgraded(data))
