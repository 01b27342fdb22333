import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.audit.models import Action as AuditAction
from casework.audit.models import AuditEvent
from casework.programmes.models import OrganisationRole
from casework.reports import charts
from casework.reports.tests.conftest import enrol, job, person
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.exports import csv_rows

pytestmark = pytest.mark.django_db

PAGE = "reports:partners"
CSV = "reports:partners-csv"


def period(start: datetime.date, end: datetime.date, **extra) -> dict:
    return {
        "start-day": start.day,
        "start-month": start.month,
        "start-year": start.year,
        "end-day": end.day,
        "end-month": end.month,
        "end-year": end.year,
        **extra,
    }


def table(html: str, table_id: str) -> dict[str, list[str]]:
    """The rows of the table with `table_id`: row header -> its cells, as the page shows them."""
    body = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        header = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if header:
            rows[header.group(1).strip()] = [
                c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
    return rows


def page(client, user, **params):
    sign_in(client, user)
    response = client.get(reverse(PAGE), params)
    assert response.status_code == 200
    return response.content.decode()


# Columns of #partner-table: referrals, starts, job starts, 13 weeks, 26 weeks, exits, today.
def test_the_manager_sees_each_partners_figures_since_the_programme_started(
    client, world, built, today
):
    html = page(client, world.user("manager"))
    assert "1 April 2025 to 23 November 2026" in html
    rows = table(html, "partner-table")
    assert rows["Partner A Council"] == ["5", "2", "1", "1", "1", "1", "1"]
    assert rows["Partner B Council"] == ["3", "2", "1", "0", "0", "1", "2"]
    assert rows["All delivery partners"] == ["8", "4", "2", "1", "1", "2", "3"]


def test_volunteering_and_work_experience_are_not_job_starts(client, world, built, today):
    # a2's volunteering placement started on 1 April: the month shows no job start.
    html = page(client, world.user("manager"))
    assert built.a2.work_placements.count() == 1
    assert table(html, "month-table")["April 2026"] == ["0", "0"]
    assert table(html, "partner-table")["Partner A Council"][2] == "1"


def test_a_re_engagement_is_not_a_new_start(client, world, built, today):
    html = page(client, world.user("manager"), **period(today.replace(month=6, day=1), today))
    assert table(html, "partner-table")["Partner B Council"][1] == "0"


def test_exits_are_counted_by_reason(client, world, built, today):
    rows = table(page(client, world.user("manager")), "exit-table")
    # Completed, moved away, withdrew, 12 months, other, all.
    assert rows["Partner A Council"] == ["0", "1", "0", "0", "0", "1"]
    assert rows["Partner B Council"] == ["0", "0", "1", "0", "0", "1"]


def test_the_monthly_series_has_every_month_of_the_period(client, world, built, today):
    rows = table(page(client, world.user("manager")), "month-table")
    assert len(rows) == 20  # April 2025 to November 2026
    assert rows["February 2026"] == ["3", "0"]
    assert rows["March 2026"] == ["1", "1"]
    assert rows["September 2026"] == ["0", "1"]


def test_the_monthly_series_can_show_one_partner(client, world, built, today):
    html = page(
        client,
        world.user("manager"),
        **period(datetime.date(2026, 1, 1), today, partner=world.org_b.pk),
    )
    assert "By month: Partner B Council" in html
    rows = table(html, "month-table")
    assert rows["February 2026"] == ["2", "0"]
    assert rows["March 2026"] == ["0", "0"]
    # The by-partner table still shows every partner.
    assert "Partner A Council" in table(html, "partner-table")


def test_a_period_counts_only_what_happened_in_it(client, world, built, today):
    html = page(
        client,
        world.user("manager"),
        **period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    )
    assert "1 March 2026 to 31 March 2026" in html
    rows = table(html, "partner-table")
    # a2 started in March, a1's job started in March; nobody was referred or left.
    assert rows["Partner A Council"] == ["0", "1", "1", "0", "0", "0", "1"]
    assert rows["Partner B Council"] == ["0", "0", "0", "0", "0", "0", "2"]
    assert list(table(html, "month-table")) == ["March 2026"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            period(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)),
            "end",
            "The end of the period must be on or after its start",
        ),
        (
            period(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
            "start",
            "The start of the period must be today or in the past",
        ),
        (
            {**period(datetime.date(2026, 5, 1), datetime.date(2026, 6, 1)), "start-month": "13"},
            "start",
            "From must be a real date",
        ),
        (
            {**period(datetime.date(2026, 5, 1), datetime.date(2026, 6, 1)), "end-year": ""},
            "end",
            "To must include a year",
        ),
    ],
)
def test_a_wrong_period_is_explained_on_its_field(
    client, world, built, today, params, field, message
):
    html = page(client, world.user("manager"), **params)
    assert "There is a problem" in html
    assert f'href="#{field}-day">{message}' in html
    assert f'id="{field}-error"' in html
    assert 'id="partner-table"' not in html


def test_a_partner_not_on_the_list_is_refused(client, world, built, today):
    html = page(client, world.user("manager"), **period(today, today, partner=99999))
    assert "Choose a delivery partner from the list" in html


def test_a_team_leader_sees_only_their_own_organisation(client, world, built, today):
    html = page(client, world.user("team_leader_b"))
    assert "Partner A Council" not in html
    assert "Figures for your organisation only" in html
    assert table(html, "partner-table") == {
        "Partner B Council": ["3", "2", "1", "0", "0", "1", "2"]
    }
    assert table(html, "month-table")["February 2026"] == ["2", "0"]
    assert 'name="partner"' not in html  # nothing to choose between


def test_a_team_leader_cannot_ask_for_another_partners_months(client, world, built, today):
    html = page(
        client,
        world.user("team_leader_b"),
        **period(datetime.date(2026, 1, 1), today, partner=world.org_a.pk),
    )
    assert table(html, "month-table")["February 2026"] == ["2", "0"]
    assert table(html, "month-table")["March 2026"] == ["0", "0"]
    assert "Partner A Council" not in html


def test_an_auditor_at_a_partner_sees_their_partner_and_the_dpo_and_dwp_see_all(
    client, world, built, today
):
    assert list(table(page(client, world.user("auditor_a")), "partner-table")) == [
        "Partner A Council"
    ]
    for name in ("dpo", "report_only"):
        assert list(table(page(client, world.user(name)), "partner-table")) == [
            "Partner A Council",
            "Partner B Council",
            "All delivery partners",
        ]


@pytest.mark.parametrize("name", ["specialist_a", "referrer"])
def test_roles_without_reports_are_refused(client, world, built, today, name):
    sign_in(client, world.user(name))
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(reverse(CSV)).status_code == 403


def test_the_page_names_no_participant(client, world, built, today):
    html = page(client, world.user("manager"))
    for p in (built.a1, built.a2, built.a3, built.b1, built.b2):
        assert p.first_name not in html
        assert p.last_name not in html
        assert str(p.pk) not in html
    assert "Personreferred" not in html


def test_the_charts_are_images_with_a_name_and_the_figures_in_words(client, world, built, today):
    html = page(client, world.user("manager"))
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert "aria-labelledby=" in svg and "<title" in svg and "<desc" in svg
        assert "<script" not in svg
    assert "Partner A Council: 2 starts, 1 job starts" in svgs[0]
    assert "Partner A Council: 1 reached 13 weeks in work, 1 reached 26 weeks in work" in svgs[1]
    assert "February 2026: 3 starts, 0 job starts" in svgs[2]


def test_bars_are_scaled_to_the_largest_value_and_labelled_with_their_series():
    chart = charts.bar_chart(
        id="c",
        title="t",
        description="d",
        series=["Starts", "Job starts"],
        groups=[("A", (4, 2)), ("B", (0, 1))],
    )
    widths = [r.width for r in chart.rects if r.height == charts.BAR]
    largest = widths[0]
    assert widths == [largest, largest / 2, 0, largest / 4]
    # The longest label ("Job starts 2", 12 characters) still fits beside the longest bar.
    assert largest + 6 + 12 * charts.CHARACTER <= charts.WIDTH
    assert {t.text for t in chart.texts} >= {"Starts 4", "Job starts 2", "Starts 0", "Job starts 1"}
    empty = charts.bar_chart(id="e", title="t", description="d", series=["Starts"], groups=[])
    assert empty.rects == [] and empty.height > 0


def test_reports_are_in_the_navigation_of_those_who_see_them(client, world, today):
    assert 'href="/reports/partners/"' in page(client, world.user("manager"))
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("participants:caseload")).content.decode()
    assert 'href="/reports/partners/"' not in html


def test_the_csv_has_the_page_figures_escaped_and_is_audited(client, world, built, today):
    world.org_b.name = '=HYPERLINK("http://evil.example")'
    world.org_b.save()
    sign_in(client, world.user("manager"))
    html = client.get(reverse(PAGE)).content.decode()
    link = re.search(r'href="(/reports/partners\.csv\?[^"]+)"', html).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="test-programme-partners-2025-04-01-to-2026-11-23.csv"'
    )
    rows = csv_rows(response)
    assert rows[0][:6] == [
        "Delivery partner",
        "Referrals received",
        "Starts",
        "Job starts",
        "Job outcome: 13 weeks in work",
        "Job outcome: 26 weeks in work",
    ]
    assert rows[0][-1] == "On the programme today"
    by_partner = {r[0]: r[1:] for r in rows[1:]}
    assert by_partner["Partner A Council"] == [
        "5",
        "2",
        "1",
        "1",
        "1",
        "1",
        "0",
        "1",
        "0",
        "0",
        "0",
        "1",
    ]
    assert by_partner['\'=HYPERLINK("http://evil.example")'][:3] == ["3", "2", "1"]
    assert "All delivery partners" in by_partner
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.actor == world.user("manager")
    assert event.purpose == "partner report 2025-04-01 to 2026-11-23"
    assert "Starts" in event.changed_fields
    assert event.participant_id is None and event.participant_ids == []


def test_viewing_the_page_writes_no_audit_event(client, world, built, today):
    sign_in(client, world.user("manager"))
    before = AuditEvent.objects.count()
    assert client.get(reverse(PAGE)).status_code == 200
    assert AuditEvent.objects.count() == before


def test_the_team_leaders_csv_holds_only_their_partner(client, world, built, today):
    sign_in(client, world.user("team_leader_b"))
    response = client.get(reverse(CSV), period(datetime.date(2026, 1, 1), today))
    rows = csv_rows(response)
    assert [r[0] for r in rows[1:]] == ["Partner B Council"]


@pytest.mark.parametrize("name", ["report_only", "auditor_a"])
def test_reports_without_export_have_no_csv(client, world, built, today, name):
    html = page(client, world.user(name))
    assert "partners.csv" not in html
    assert client.get(reverse(CSV)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_csv_of_a_wrong_period_goes_back_to_the_page_to_say_why(client, world, built, today):
    sign_in(client, world.user("manager"))
    params = period(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1))
    response = client.get(reverse(CSV), params, follow=True)
    assert "The end of the period must be on or after its start" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def _more_people(world, n: int, today):
    for i in range(n):
        partner = "AB"[i % 2]
        p = person(world, partner, f"Extra{i}")
        enrol(world, p, datetime.date(2026, 2, 1))
        job(p, datetime.date(2026, 3, 1) + datetime.timedelta(days=i))


def test_the_query_count_does_not_grow_with_the_number_of_participants(
    client, world, built, today, django_assert_max_num_queries
):
    sign_in(client, world.user("manager"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(PAGE)).status_code == 200
    _more_people(world, 12, today)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse(PAGE)).content.decode()
    assert table(html, "partner-table")["All delivery partners"][1] == "16"


def test_a_report_only_user_starts_on_the_reports(client, world, today):
    sign_in(client, world.user("report_only"))
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse(PAGE)


def test_someone_on_two_programmes_chooses_which_and_sees_no_other(client, world, built, today):
    other = factories.ProgrammeFactory(slug="other-programme", name="Other Connect to Work")
    factories.ProgrammeOrganisationFactory(
        programme=other, organisation=world.accountable_body, role=OrganisationRole.ACCOUNTABLE_BODY
    )
    factories.MembershipFactory(
        user=world.user("manager"), programme=other, role=Role.PROGRAMME_MANAGER
    )
    html = page(client, world.user("manager"), programme="other-programme")
    assert "Other Connect to Work" in html
    assert "Partner A Council" not in html
    assert 'href="?programme=test-programme"' in html
    unknown = factories.ProgrammeFactory(slug="not-theirs")
    assert client.get(reverse(PAGE), {"programme": unknown.slug}).status_code == 404
