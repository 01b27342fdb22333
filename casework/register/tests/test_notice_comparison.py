"""The programmes written from council notices not in the repository (docs/notices/,
compared in docs/notice-comparison.md): every sentence of the quoted original that the format
can hold is in the generated notice, and the only additions are the ones the comparison lists."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from casework.register.notice import build_notice
from casework.register.selectors import published_version

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"

HELD = {
    "sefton-at-work": [
        "Sefton@Work is Sefton Council’s job brokerage service and offers free, confidential and "
        "impartial information, advice and guidance to workless Sefton residents over 16 years on "
        "all aspects of jobs, education and training including self-employment.",
        "The categories of this information that we collect, process, hold and share include:",
        "personal information (such as name, client number, address, telephone numbers, email "
        "address, nationality, date of birth, national insurance number, employment status, "
        "length of unemployment, qualifications and attainment, household details including "
        "number of dependants and dependants aged 16-19, lone parent, information on your right "
        "to work in the UK)",
        "characteristics (such as ethnicity, disability/learning difficulties, sexual "
        "orientation, religion, barriers to employment)",
        "details of meetings and interventions (discussions with adviser, progress updates, "
        "details of support provided, referrals).",
        "We use client data to:",
        "enable us to support clients into employment and learning",
        "enable us to carry out specific functions for which we are responsible",
        "derive statistics which inform decisions about service provision",
        "to contact clients in the event of emergency or appointment cancellation",
        "We collect and use this information under the provisions and obligations imposed by the "
        "UK General Data Protection Regulation (GDPR).",
        "Article 6(1)(c) UK GDPR – Legal obligation",
        "Article 6(1)(e) UK GDPR – Public task",
        # The council's own headings.
        "How we use client information",
        "Why we collect and use this information",
        "The lawful basis on which we use this information",
    ],
    "orkney-employability": [
        "We take the security of your personal data very seriously. This statement sets out why "
        "we need your information, what we need and how we will use it.",
        "Through the Scottish approach to employability services, we are delivering "
        "person-centred, tailored services to those further from the labour market through a "
        "combination of locally designed services.",
        "We need to collect and use information about you (data) to support you to move towards, "
        "into and progress in work. We also need to share that information with partners to make "
        "informed, evidence based decision making.",
        "(article 9 Sections (2)(g) and (j)).",
        "For the purposes of the UK GDPR, Scottish and Local Government, and those in the "
        "Partnership, are joint Data Controllers of your personal information.",
        "To agree with you what types of support services will help you to find and keep work;",
        "monitor and report on our performance in supporting you, including producing statistics "
        "and equalities monitoring reports;",
        "better understand how services work, what difference they make to the people involved "
        "and how to improve future services for people like yourself.",
        "your contact details;",
        "other personal data (for example, your age, gender, National Insurance Number)",
        "We will store your information on databases held in locations that have been tested for "
        "electronic and physical security and access will be permitted only to those with a need "
        "to know.",
        "We will not store your personal information for longer than is necessary to deliver and "
        "evaluate the service and support you receive.",
        "Why we need data about you",
        "How will your data be used",
        "What information is needed",
        "How will we store your data",
    ],
    "aberdeen-employability-audit": [
        "Ultimately we wish to support more people towards their employability, education or "
        "training goals.",
        "Individuals will not be identified in the report.",
        "The response data collected will be shared with Skills Development Scotland (SDS) so that "
        "they can provide you with careers advice and guidance tailored to your specific "
        "individual needs.",
        "SDS will also share your personal data with other public bodies that are required to "
        "receive this information under legislation (e.g. Post-16 Education (Scotland) Act 2013.",
        "Aberdeen City Council will keep this information for a maximum of seven years from the "
        "date it was initially collected. It will be automatically deleted from our secure "
        "servers at this point.",
        "SDS will hold your data no longer than the date of your 26th birthday unless SDS is "
        "currently engaged with you.",
        "You have rights in relation to your data, including the right to ask for a copy of it.",
        "activity status (education, employment and training)",
        "Who we share information with",
        "How long we keep your information for",
    ],
    "barnet-post-16": [
        "We provide careers guidance to those between 14 and 19 or up to age 25 where the "
        "individual has a learning difficulty and/or a disability.",
        "name",
        "address and contact details",
        "date of birth",
        "equalities information",
        "health information and additional needs",
        "family and relationship information",
        "education information",
        "other agencies involved",
        "financial information",
        "nationality",
        "referral and assessment information",
        "criminal and prosecution information",
        "employment details.",
        "Department for Education",
        "other local authorities (education, social care and relevant housing and employment "
        "and other services)",
        "schools or other educational establishments like colleges and training providers",
        "youth offending teams and relevant youth custodial establishments",
        "organisations for whom we are sub-contractors.",
        "Sections 42A1, 42B and 45A of the Education Act 1997",
        "Section 72 of the Education and Skills Act 2008",
        "Guidance is issued under sections 18 and 68(4) of the Education and Skills Act 2008 "
        "(ESA 2008) in relation to sections 10, 12 and 68 of that Act.",
        "7 years after the end of the programme for learners supported by European Social Funded "
        "programmes",
        "CCIS client records are archived for 12 months following the upper limit of the cohort "
        "age (age 19 or up to 25 with SEND) and then subsequently fully deleted from the "
        "database within 36 months.",
        "In addition, those groups that would benefit from increased retention and monitoring, "
        "such as care leavers and those engaging with additional services (SEND), may have their "
        "retention period increased to allow access to services. Archived data is fully deleted "
        "within 36 months to allow for subject access requests, reinstatement of clients not "
        "previously identified as SEND, court proceedings (cases) and reporting requirements.",
        # The council's own title (capitalised on the page) and headings.
        "post-16 education and skills privacy notice",
        "Personal information collected",
        "Who we share the information with",
        "Legislation that applies",
        "How long we keep your information",
    ],
}

# What each notice says that the quoted original does not (docs/notice-comparison.md, "Added").
NOT_IN_THE_ORIGINAL = {
    "sefton-at-work": [
        "(special category data)",
        "each use of your data",
        "outside the UK",
        "Article 9",  # the register's condition, kept out of the notice (art9_in_notice)
        "Schedule 1",
    ],
    "orkney-employability": [
        "(special category data)",
        "outside the UK",
        "Schedule 1",
        "Article 6(1)(e) UK GDPR",  # the council states its bases in its own words
        "Article 9(2)(g) UK GDPR",
    ],
    "aberdeen-employability-audit": [
        "outside the UK",
        "Schedule 1",
        "Article 9",
        "Article 6(1)(e) UK GDPR",  # the register's basis, kept out of the notice
        "lawful basis",
    ],
    "barnet-post-16": [
        "(special category data)",
        "(criminal offence data)",
        "outside the UK",
        "Article 6(1)(e) UK GDPR",  # the register's basis and condition, kept out of the notice
        "Article 9",
        "Schedule 1",
        "Education and Skills Act 2008, section",  # the recipients' gateways (not stated)
        "after you turn",  # the rule the system keeps, which the council's sentences say
    ],
}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(HELD))
def test_the_generated_notice_drops_nothing_the_format_can_hold(slug):
    call_command("programme", "load", str(PROGRAMMES / f"{slug}.yaml"))
    text = _normal(build_notice(published_version(slug)).text())
    assert [s for s in HELD[slug] if _normal(s) not in text] == []
    assert [s for s in NOT_IN_THE_ORIGINAL[slug] if s in text] == []


@pytest.mark.django_db
def test_a_notice_without_a_per_purpose_basis_shows_no_basis_table():
    call_command("programme", "load", str(PROGRAMMES / "sefton-at-work.yaml"))
    notice = build_notice(published_version("sefton-at-work"))
    assert not [
        b for s in notice.sections for b in s.blocks if b.kind == "table" and "basis" in b.caption
    ]


@pytest.mark.django_db
def test_rights_under_a_legal_obligation_and_a_public_task_apply_in_part_with_reasons():
    call_command("programme", "load", str(PROGRAMMES / "sefton-at-work.yaml"))
    notice = build_notice(published_version("sefton-at-work"))
    [table] = [
        b for s in notice.sections if s.id == "rights" for b in s.blocks if b.kind == "table"
    ]
    rows = {row[0].split(" (")[0]: row for row in table.rows}
    assert rows["Right to erasure"][1] == "Applies in some cases"
    assert "It does not apply to what the law requires us to keep" in rows["Right to erasure"][2]
    assert rows["Right to data portability"][1] == "Does not apply"
    assert rows["Right to object"][1] == "Applies in some cases"


NOTICES = Path(__file__).resolve().parents[3] / "docs" / "notices"

# What a generated notice may say that its quoted original does not, sentence for sentence
# (docs/notice-comparison.md): besides headings, the rights table the law requires and the
# version line, only these.
ADDED = {
    # The council states both Article 6 bases in a sentence our copy holds only to "…official
    # authority ve[…]": the notice says the two bases in Casework's words.
    "sefton-at-work": {
        "Article 6(1)(e) UK GDPR – Public task: processing is necessary for the performance of "
        "a task carried out in the public interest",
        "Article 6(1)(c) UK GDPR – Legal obligation: the law requires it",
    },
    "orkney-employability": set(),
    "aberdeen-employability-audit": set(),
    "barnet-post-16": set(),
}


def _quoted(slug: str) -> str:
    lines = (NOTICES / f"{slug}.md").read_text(encoding="utf-8").splitlines()
    quoted = " ".join(line[1:].strip() for line in lines if line.startswith(">"))
    return _normal(quoted.replace("[…]", " ").replace("- ", " "))


def _said(notice) -> list[str]:
    said = list(notice.introduction)
    for section in notice.sections:
        if section.id == "changes":  # the version line and what changed
            continue
        if section.id == "rights":  # the table the law requires; its paragraphs are checked
            said += [b.text for b in section.blocks if b.kind == "paragraph"]
            continue
        for block in section.blocks:
            if block.kind == "paragraph":
                said.append(block.text)
            elif block.kind == "bullets":
                said += block.items
            else:
                said.append(f"(a table: {block.caption})")
    return said


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(HELD))
def test_every_sentence_of_the_generated_notice_is_the_councils_own(slug):
    """Sentence by sentence: each paragraph and list item is in the council's quoted text,
    except the listed additions (and, in the rights section, the table the law requires)."""
    call_command("programme", "load", str(PROGRAMMES / f"{slug}.yaml"))
    notice = build_notice(published_version(slug))
    original = _quoted(slug)
    not_theirs = [
        text for text in _said(notice) if _normal(text) not in original and text not in ADDED[slug]
    ]
    assert not_theirs == []


@pytest.mark.django_db
def test_bases_kept_out_of_the_notice_are_listed_for_the_dpo():
    for slug in ("sefton-at-work", "aberdeen-employability-audit"):
        call_command("programme", "load", str(PROGRAMMES / f"{slug}.yaml"))
    out = StringIO()
    call_command("register", "check", stdout=out)
    report = out.getvalue()
    assert "Bases the programme's notice does not state: 3" in report
    assert "aberdeen-employability-audit: activity-status (Article 6: public_task)" in report
    assert "sefton-at-work: support (Article 9: substantial_public_interest)" in report


@pytest.mark.django_db
def test_gateways_the_notice_does_not_state_are_listed_for_the_dpo():
    call_command("programme", "load", str(PROGRAMMES / "barnet-post-16.yaml"))
    out = StringIO()
    call_command("register", "check", stdout=out)
    report = out.getvalue()
    # Its basis and condition, and the five recipients' gateways.
    assert "Bases the programme's notice does not state: 7" in report
    assert (
        "barnet-post-16: recipient dfe (legal gateway: statutory_duty, Education and Skills Act "
        "2008, sections 10, 12 and 68)" in report
    )
