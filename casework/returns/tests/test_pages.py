import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from casework.audit.models import AuditEvent
from casework.returns import services
from casework.returns.models import BuildState, MonthlyReturn
from casework.returns.tasks import build_return
from casework.returns.testing import OCTOBER, built_programme
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def november(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"
    with time_machine.travel("2026-11-12 10:00Z", tick=False):
        yield


@pytest.fixture
def people(world):
    publish_register(world.programme, "south-midlands.yaml")
    return built_programme(world)


def client_for(world, name):
    client = Client()
    sign_in(client, world.user(name))
    return client


def url(name, world, *args):
    return reverse(f"returns:{name}", args=[world.programme.slug, *args])


def test_a_month_not_ended_is_refused_on_the_page_and_nothing_is_queued(world, people):
    page = client_for(world, "manager").post(url("build", world), {"month": "2026-11"})
    assert page.status_code == 200
    assert "November 2026 has not ended" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()
    assert not MonthlyReturn.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_building_from_the_page_queues_a_worker_job_and_shows_its_progress(world, people):
    client = client_for(world, "manager")
    with pytest.MonkeyPatch.context() as patch:
        # on_commit runs at the end of the request's transaction in a test too
        patch.setattr("django.db.transaction.on_commit", lambda f, using=None: f())
        page = client.post(url("build", world), {"month": "2026-10"})
    monthly_return = MonthlyReturn.objects.get()
    assert page.status_code == 302
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "casework.returns.tasks.build_return"
    waiting = client.get(page["Location"]).content.decode()
    assert "Waiting to be built" in waiting
    assert "Check progress" in waiting
    build_return.call(monthly_return_id=str(monthly_return.pk))
    report = client.get(page["Location"]).content.decode()
    assert "Check progress" not in report
    assert "Validation report" in report
    assert "job start is before the start date" in report
    assert str(people["restricted"].pk) not in report
    assert people["in_work"].last_name not in report


def test_the_validation_report_downloads_as_csv(world, people):
    monthly_return = services.build(
        services.request_build(by=world.user("manager"), programme=world.programme, month=OCTOBER)
    )
    response = client_for(world, "manager").get(url("findings-csv", world, monthly_return.pk))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "Participant reference,Column,Finding,What is wrong"
    assert "Hours per week,out of range,95 is above 80" in body
    assert AuditEvent.objects.filter(purpose="returns.findings").count() == 1


def test_the_dpo_releases_and_the_dwp_downloads_it(world, people):
    monthly_return = services.build(
        services.request_build(by=world.user("manager"), programme=world.programme, month=OCTOBER)
    )
    page = client_for(world, "dpo").post(url("release", world, monthly_return.pk))
    assert page.status_code == 302
    monthly_return.refresh_from_db()
    assert monthly_return.state == BuildState.RELEASED
    dwp = client_for(world, "report_only")
    listing = dwp.get(url("released", world)).content.decode()
    assert "October 2026" in listing
    entry = monthly_return.release
    waiting = dwp.get(url("download", world, entry.pk, "xlsx"), follow=True)
    assert "still being made" in waiting.content.decode()
    assert "Excel: being made" in waiting.content.decode()
    services.make_workbook(entry)
    response = dwp.get(url("download", world, entry.pk, "xlsx"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert (
        client_for(world, "manager").get(url("download", world, entry.pk, "csv")).status_code == 403
    )
    again = client_for(world, "dpo").post(url("release", world, monthly_return.pk))
    assert "cannot be released" in again.content.decode()


def test_the_dpo_home_shows_returns_waiting_for_release(world, people):
    services.build(
        services.request_build(by=world.user("manager"), programme=world.programme, month=OCTOBER)
    )
    page = client_for(world, "dpo").get(reverse("dataprotection:home")).content.decode()
    assert "DWP monthly returns" in page
    assert "1 built return waiting for release" in page


def test_a_build_whose_worker_died_shows_as_failed_and_can_be_built_again(world, people):
    manager = world.user("manager")
    earlier = services.build(
        services.request_build(by=manager, programme=world.programme, month=OCTOBER)
    )
    # A second build's worker takes it and dies: no error recorded, no heartbeat after this.
    lost = services.request_build(by=manager, programme=world.programme, month=OCTOBER)
    assert services.claim(lost)
    client = client_for(world, "manager")
    with time_machine.travel("2026-11-12 10:14Z", tick=False):
        page = client.get(url("report", world, lost.pk)).content.decode()
        assert "Being built" in page and "Build again" not in page
    with time_machine.travel("2026-11-12 10:16Z", tick=False):
        page = client.get(url("report", world, lost.pk)).content.decode()
        assert "The build failed: no progress for 15 minutes" in page
        assert "Check progress" not in page
        assert "Build again" in page
        assert "The build failed" in client.get(url("list", world)).content.decode()
        # It no longer holds back the earlier build's release...
        services.release(by=world.user("dpo"), monthly_return=earlier)
        # ...and "Build again" queues a new build of the same month.
        again = client.post(url("build", world), {"month": "2026-10"})
    assert again.status_code == 302
    newest = MonthlyReturn.objects.order_by("-requested_at").first()
    assert newest.month == OCTOBER and newest.state == BuildState.QUEUED


def test_a_build_given_up_while_it_ran_keeps_the_failure_and_no_files(world, people):
    manager = world.user("manager")
    slow = services.request_build(by=manager, programme=world.programme, month=OCTOBER)

    def the_page_gives_up_on_it(done, total):
        with time_machine.travel("2026-11-12 10:30Z", tick=False):
            services.give_up_stale_builds(world.programme)

    result = services.build(slow, progress=the_page_gives_up_on_it)
    assert result.state == BuildState.FAILED
    assert result.failure == services.STALE_FAILURE
    assert not result.files.exists()
