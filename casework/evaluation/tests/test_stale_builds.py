"""A build whose worker stopped half-way is not left "being built" for ever: after an hour the
report and the list say it stopped, the DPO can have it built again, and the stopped build, if
it ever comes back, keeps nothing over what the rebuild made."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casework.evaluation import services
from casework.evaluation.jobs import build_requested_extracts
from casework.evaluation.models import ExtractStatus
from casework.evaluation.tests.conftest import evaluation_register
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)


def stop_the_worker_mid_build(monkeypatch, extract):
    """The worker process is stopped (SIGTERM: SystemExit) in the middle of the build, after it
    claimed the extract: the build's own arguments are kept, to finish it later."""
    stopped = {}
    real = services._build

    def stop(*args):
        stopped["args"] = args
        raise SystemExit(1)

    monkeypatch.setattr(services, "_build", stop)
    with pytest.raises(SystemExit):
        build_requested_extracts(now=None)
    monkeypatch.setattr(services, "_build", real)
    extract.refresh_from_db()
    return stopped["args"]


def test_a_stopped_build_shows_as_stopped_after_an_hour_and_can_be_built_again(
    client, world, dpo, cohort, monkeypatch
):
    evaluation_register(world.programme, max_suppression=0.5)
    slug = world.programme.slug
    with time_machine.travel(NOW, tick=False) as clock:
        extract = services.request_extract(
            by=dpo, programme=world.programme, series_name="DWP evaluation"
        )
        stop_the_worker_mid_build(monkeypatch, extract)
        assert extract.status == ExtractStatus.BUILDING
        report_url = reverse("evaluation:report", args=[slug, extract.pk])
        rebuild_url = reverse("evaluation:rebuild", args=[slug, extract.pk])

        clock.shift(datetime.timedelta(minutes=50))  # still plausibly running
        sign_in(client, dpo)
        page = client.get(report_url)
        assert b"Being built" in page.content
        assert b"Build it again" not in page.content
        assert "0 evaluation extracts built" in build_requested_extracts(now=None)
        page = client.post(rebuild_url, follow=True)
        assert b"its build started less than an hour ago" in page.content
        extract.refresh_from_db()
        assert extract.status == ExtractStatus.BUILDING

        clock.shift(datetime.timedelta(minutes=11))  # 61 minutes: stopped
        sign_in(client, dpo)
        page = client.get(report_url)
        assert b"This build has stopped" in page.content
        assert b"Build it again" in page.content
        listing = client.get(reverse("evaluation:list", args=[slug]))
        assert b"Stopped: build it again" in listing.content
        page = client.post(rebuild_url, follow=True)
        assert b"will be built again by the worker" in page.content
        extract.refresh_from_db()
        assert extract.status == ExtractStatus.REQUESTED
        assert "1 evaluation extracts built" in build_requested_extracts(now=None)
        extract.refresh_from_db()
        assert extract.status == ExtractStatus.BUILT
        assert extract.report["k"] >= 5


def test_a_stopped_build_that_comes_back_after_a_rebuild_keeps_nothing(
    world, dpo, cohort, monkeypatch
):
    evaluation_register(world.programme, max_suppression=0.5)
    with time_machine.travel(NOW, tick=False) as clock:
        extract = services.request_extract(
            by=dpo, programme=world.programme, series_name="DWP evaluation"
        )
        stopped_args = stop_the_worker_mid_build(monkeypatch, extract)
        clock.shift(datetime.timedelta(hours=2))
        services.rebuild_extract(by=dpo, extract=extract)
        rebuilt = services.build_extract(extract)
        assert rebuilt.status == ExtractStatus.BUILT
        # The first worker was only suspended: it wakes and finishes its build.
        services._build(*stopped_args)
        extract.refresh_from_db()
        assert extract.status == ExtractStatus.BUILT
        assert extract.file_name == rebuilt.file_name
        assert extract.build_started_at == NOW + datetime.timedelta(hours=2)


def test_only_a_failed_or_stopped_build_is_built_again(world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    extract = services.build_extract(
        services.request_extract(by=dpo, programme=world.programme, series_name="S")
    )
    with pytest.raises(services.ExtractRefused, match="this one is built: ready to release"):
        services.rebuild_extract(by=dpo, extract=extract)
