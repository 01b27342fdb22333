"""The generated privacy notice, held against statements taken from each programme's source
notice (../shared/programmes/*.txt): data items, purposes, bases, recipients, retention and
rights. A statement missing from the page fails the test."""

import html
import re
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from casework.register.law import Art6, rights_for

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'"))


def missing(text: str, statements: list[str]) -> list[str]:
    return [s for s in statements if re.sub(r"\s+", " ", s) not in text]


SOUTH_MIDLANDS = [
    # who we are
    "West Northamptonshire Council is the Accountable Body",
    "alongside the Department of Work and Pensions (DWP)",
    "'joint controllers' of the information for their geography",
    "Bedford Borough Council: Bedford",
    "Central Bedfordshire Council: Central Bedfordshire",
    "Luton Borough Council: Luton",
    "Milton Keynes City Council: Milton Keynes",
    "North Northamptonshire Council: North Northamptonshire",
    "West Northamptonshire Council: West Northamptonshire",
    # data items
    "Name, date of birth, and contact details",
    "National Insurance number",
    "Employment and education history",
    "Residency and benefit status",
    "Details of any support services you are receiving",
    "Health information, disabilities, or learning difficulties (special category data)",
    "Ethnicity and other equalities monitoring data (special category data)",
    "Referral and case management information",
    # collection
    "Face to face",
    "Reports",
    "Expression of Interest form / Application form",
    "We may also receive information from the following with your agreement",
    "Referral partners (for example Jobcentre Plus, social care teams, health professionals "
    "including the NHS)",
    "Commissioned delivery partners",
    "Other services you are engaged with",
    # purposes
    "Assess your eligibility and suitability for the programme",
    "Provide tailored employment support",
    "Monitor your progress and outcomes",
    "Report to the Department for Work and Pensions (DWP) and other government departments",
    "Evaluate and improve the programme",
    "Ensure compliance with funding and legal requirements",
    # bases
    "Public task: processing is necessary for the performance of a task carried out in the "
    "public interest",
    "Substantial public interest: for processing special category data",
    "Consent: you have given permission",
    "Schedule 1, Part 2 (paragraph 8) of the Data Protection Act 2018 – Equality of "
    "opportunity or treatment",
    # recipients
    "Programme delivery partners who are joint controllers in the programme",
    "Government departments including DWP (the funder) and others such as HMRC",
    "Employers and training providers (with your agreement)",
    "Other organisations who may be able to support you (with your agreement)",
    "Health services",
    "Other organisations where required by law or for safeguarding purposes",
    "subject to data sharing agreements",
    # retention and storage
    "retain your personal information for up to 6 years after the end of the programme",
    "securely deleted or anonymised",
    "Participant records: kept for up to 6 years after the end of the programme "
    "(until 31 March 2036)",
    "Alcium Evolutive",
    "duty of confidentiality",
    # rights
    "Right of access (Article 15): to receive a copy of your personal data",
    "Right to rectification (Article 16)",
    "Right to erasure (Article 17): to ask us to delete your data Applies in some cases",
    "Right to data portability (Article 20)",
    "Right to object (Article 21)",
    "not to have important decisions about you made only by computers or algorithms",
    "your rights may differ depending on the lawful basis",
    # complaints
    "dataprotection@westnorthants.gov.uk",
    "Information Commissioner's Office",
    "privacy notices of the joint data controllers",
]

KENT = [
    "Kent County Council (KCC) is the Accountable Body",
    "alongside the Department of Work and Pensions",
    "Benjamin Watts",
    "Email: dpo@kent.gov.uk",
    "Write to: Data Protection Officer, Sessions House, Maidstone, Kent ME14 1XQ",
    "services delivered by KCC and commissioned providers across Kent and Medway",
    "Name, date of birth, and contact details",
    "National Insurance number",
    "Employment and education history",
    "Residency and benefit status",
    "Details of any support services you are receiving",
    "Health information, disabilities, or learning difficulties (special category data) "
    "(where relevant)",
    "Ethnicity and other equalities monitoring data",
    "Referral and case management information",
    "Referral partners (for example Jobcentre Plus, social care teams, health professionals)",
    "Commissioned delivery partners",
    "Assess your eligibility and suitability for the programme",
    "Provide tailored employment support",
    "Monitor your progress and outcomes",
    "Report to the Department for Work and Pensions (DWP) and other government departments",
    "Evaluate and improve the programme",
    "Ensure compliance with funding and legal requirements",
    "Article 6(1)(e) UK GDPR – Public task",
    "Article 9(2)(g) UK GDPR – Substantial public interest: for processing special category data",
    "Schedule 1, Part 2 (paragraph 8) of the Data Protection Act 2018 – Equality of "
    "opportunity or treatment",
    "Employers and training providers (with your knowledge)",
    "Other organisations who may be able to support you (with your knowledge)",
    "Government departments including DWP, DfE, and HMRC",
    "Local authorities and health services",
    "Other organisations where required by law or for safeguarding purposes",
    "retain your personal information for up to 6 years after the end of the programme",
    "securely deleted or anonymised",
    "Right of access (Article 15)",
    "Right to erasure (Article 17): to ask us to delete your data Applies in some cases",
    "Article 17(3)(b)",
    "Right to data portability (Article 20): to have your data transferred electronically to "
    "yourself or to another organisation Does not apply",
    "Right to object (Article 21): to object to how we are using your information Applies",
    "object to direct marketing",
    "Information Resilience and Transparency Team",
    "data.protection@kent.gov.uk",
    # consent withdrawal routes
    "clicking on unsubscribe on any emails received from Let's talk Kent",
    "updating your registration profile",
    "clicking on cookie management buttons when accessing the website",
    "contacting KCC directly",
    "procedures in place to deal with any suspected data security breach",
    "03031 231113",
    "your request may delay or prevent us delivering a service to you",
]

LOCAL_LONDON = [
    "Name",
    "Date of Birth",
    "Gender",
    "National insurance number",
    "Contact details (email address, postal address, telephone number)",
    "Employment status",
    "Residency status",
    "Details concerning your health (special category data)",
    "For the purposes of administration in respect of your participation with the Connect to "
    "Work programme",
    "To communicate with you",
    "To undertake reporting and research in relation to how well the Connect to Work programmes "
    "work",
    "To determine your eligibility and suitability requirements to participate in the Connect to "
    "Work programme",
    "To support you with the management of health via an Integrated Care System to improve your "
    "health and wellbeing",
    "To better identify the support you may require for the achievement of the Connect to Work "
    "outcomes",
    "To monitor your outcomes achieved as a result of the participation in the Connect to Work "
    "programme",
    "To undertake analysis and evaluation related to employment support for Connect to Work "
    "participants",
    "To support you into employment, by sending your CV or application forms by email to "
    "necessary recipients, including employers",
    "To enable you to access the UK Government Funds",
    "Consent: you have given permission",
    "Public task: processing is necessary for the performance of a task carried out in the "
    "public interest",
    "contacting your Connect to Work Employment Specialist",
    "DWP, DWP Evaluation Team and other bodies as permitted by law",
    "Employers and other necessary recipients of your CV or application forms (with your "
    "agreement)",
    "Health services in the Integrated Care System (with your agreement)",
    "this may involve providing your name and national insurance number",
    "to find and stop crime and fraud",
    "to protect a child",
    # retention
    "Your personal data will be retained until 30th June 2032",
    "Participant records: kept until 30 June 2032, then securely deleted",
    # storage and security
    "For the purpose of the CTW programme, no data processing will take place from third countries",
    "ISO/IEC 27001",
    "Automatic log-out from systems after periods of inactivity",
    "certified shredding or data deletion services",
    # the rights table
    "Right to be informed (Articles 13 and 14)",
    "Participant Information Sheet",
    "Right of access (Article 15)",
    "de-identified data as it will not be possible to re-identify an individual",
    "Right to rectification (Article 16)",
    "Right to erasure (Article 17): to ask us to delete your data Applies in some cases",
    "For personal data processed by DWP, this right does not apply",
    "Article 17(3)(b)",
    "Right to restrict processing (Article 18)",
    "Right to data portability (Article 20): to have your data transferred electronically to "
    "yourself or to another organisation Applies in some cases",
    "Article 20(3)",
    "Right to object (Article 21)",
    "not to process your personal data for marketing purposes",
    "We do not make decisions about you by automated means only, including profiling",
    # complaints
    "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF",
    "0303 123 1113 (local rate) or 01625 545745 (national rate)",
    "DWP Personal Information Charter",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "statements"),
    [
        ("south-midlands", SOUTH_MIDLANDS),
        ("kent-and-medway", KENT),
        ("local-london", LOCAL_LONDON),
    ],
)
def test_the_notice_says_what_the_source_notice_says(client, slug, statements):
    call_command("programme", "load", str(PROGRAMMES / f"{slug}.yaml"))
    text = page_text(client, f"/programmes/{slug}/privacy-notice")
    assert missing(text, statements) == []


@pytest.mark.django_db
def test_a_programme_shows_only_the_data_it_collects(client):
    call_command("programme", "load", str(PROGRAMMES / "local-london.yaml"))
    text = page_text(client, "/programmes/local-london/privacy-notice")
    assert "Ethnicity" not in text
    assert "Local authority identifiers" not in text


@pytest.mark.django_db
def test_old_versions_stay_readable_and_the_versions_page_lists_changes(client, tmp_path):
    source = PROGRAMMES / "kent-and-medway.yaml"
    call_command("programme", "load", str(source))
    changed = tmp_path / "kent-and-medway.yaml"
    changed.write_text(source.read_text().replace("Benjamin Watts", "Alex Morgan"))
    call_command("programme", "load", str(changed))

    assert "Alex Morgan" in page_text(client, "/programmes/kent-and-medway/privacy-notice")
    old = page_text(client, "/programmes/kent-and-medway/privacy-notice/v1")
    assert "Benjamin Watts" in old
    assert "This is version 1, an old version of this notice" in old
    versions = page_text(client, "/programmes/kent-and-medway/privacy-notice/versions")
    assert "Version 2 (current)" in versions
    assert "Changed the Data Protection Officer's details." in versions
    assert client.get("/programmes/kent-and-medway/privacy-notice/v3").status_code == 404


@pytest.mark.django_db
def test_the_notice_downloads_as_a_pdf(client):
    call_command("programme", "load", str(PROGRAMMES / "kent-and-medway.yaml"))
    response = client.get("/programmes/kent-and-medway/privacy-notice.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "kent-and-medway-privacy-notice-v1.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    pages = b"".join(
        zlib.decompress(stream)
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", response.content, re.S)
        if stream.startswith(b"x")
    )
    for text in (b"Benjamin Watts", b"Your rights", b"Let's talk Kent", b"6 years after"):
        assert text in pages
    assert client.get("/programmes/kent-and-medway/privacy-notice/v1.pdf").status_code == 200


def test_unknown_programme_has_no_notice(client, db):
    assert client.get("/programmes/nowhere/privacy-notice").status_code == 404


def _verdicts(bases):
    return {v.right.key: v.applies for v in rights_for(set(bases), automated_decisions=False)}


def test_public_task_limits_erasure_rules_out_portability_and_allows_objection():
    verdicts = _verdicts({Art6.PUBLIC_TASK})
    assert (verdicts["erasure"], verdicts["portability"], verdicts["objection"]) == (
        "partly",
        "no",
        "yes",
    )


def test_legal_obligation_gives_no_erasure_portability_or_objection_and_says_why():
    found = {v.right.key: v for v in rights_for({Art6.LEGAL_OBLIGATION}, automated_decisions=False)}
    assert [found[k].applies for k in ("erasure", "portability", "objection")] == ["no"] * 3
    assert "Article 17(3)(b)" in found["erasure"].explanation
    assert "the law requires it" in found["portability"].explanation
    assert all(v.explanation for v in found.values())  # a refusal is always explained


def test_consent_gives_portability_and_erasure():
    verdicts = _verdicts({Art6.CONSENT})
    assert (verdicts["erasure"], verdicts["portability"], verdicts["objection"]) == (
        "yes",
        "yes",
        "no",
    )


def test_consent_alongside_public_task_gives_rights_in_part():
    verdicts = _verdicts({Art6.CONSENT, Art6.PUBLIC_TASK})
    assert (verdicts["erasure"], verdicts["portability"]) == ("partly", "partly")


def test_a_programme_may_offer_more_than_the_law_with_its_own_reason():
    [portability] = [
        v
        for v in rights_for(
            {Art6.PUBLIC_TASK},
            automated_decisions=None,
            offers={"portability": ("partly", "We will send your CV to you in a common format.")},
        )
        if v.right.key == "portability"
    ]
    assert portability.applies == "partly"
    assert portability.offered_by_programme
    assert portability.explanation.endswith("We will send your CV to you in a common format.")


def test_a_programme_may_never_offer_less_than_the_law(tmp_path):
    from casework.register.config import ConfigError, load_config

    text = (
        (PROGRAMMES / "kent-and-medway.yaml")
        .read_text()
        .replace(
            "right_notes:",
            "rights_offered:\n  - {right: access, applies: in_some_cases, wording: Only on paper.}"
            "\nright_notes:",
        )
    )
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "a programme may offer more than the law requires, never less" in str(caught.value)
    assert "rights_offered.0.applies" in str(caught.value)
