"""The DPO asks for an extract on the page, the worker's job builds it, the risk report shows
its figures, the release records it, and the download is the released file."""

import pytest
from django.urls import reverse

from casework.disclosures.models import Disclosure
from casework.evaluation.jobs import build_requested_extracts
from casework.evaluation.models import EvaluationExtract, ExtractStatus
from casework.evaluation.tests.conftest import evaluation_register
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def test_ask_build_report_release_download(client, world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    sign_in(client, dpo)
    slug = world.programme.slug
    page = client.get(reverse("evaluation:build", args=[slug]))
    assert b"Local authority" in page.content
    response = client.post(reverse("evaluation:build", args=[slug]), {"series": ""})
    assert b"Enter the name of the release series" in response.content
    assert not EvaluationExtract.objects.exists()
    response = client.post(
        reverse("evaluation:build", args=[slug]), {"series": "DWP evaluation", "as_of": "31/3/2026"}
    )
    extract = EvaluationExtract.objects.get()
    assert response.status_code == 302
    assert extract.status == ExtractStatus.REQUESTED
    assert "1 evaluation extracts built" in build_requested_extracts(now=None)
    report = client.get(reverse("evaluation:report", args=[slug, extract.pk]))
    extract.refresh_from_db()
    assert (
        f'k achieved</dt><dd class="govuk-summary-list__value">{extract.report["k"]}'.encode()
        in (report.content)
    )
    assert b"Person" not in report.content
    assert client.get(reverse("evaluation:download", args=[slug, extract.pk])).status_code == 404
    response = client.post(reverse("evaluation:release", args=[slug, extract.pk]))
    assert response.status_code == 302
    assert Disclosure.objects.get().kind == "extract"
    listing = client.get(reverse("evaluation:list", args=[slug]))
    assert b"DWP-CTW-DSA-SM" in listing.content
    download = client.get(reverse("evaluation:download", args=[slug, extract.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\xef\xbb\xbfPseudonym,")


def test_a_programme_file_that_cannot_define_an_extract_says_what_to_change(client, world, dpo):
    publish_register(world.programme, "south-midlands.yaml", evaluation={"columns": ["age"]})
    sign_in(client, dpo)
    page = client.get(reverse("evaluation:build", args=[world.programme.slug]))
    assert b"take it out of evaluation.columns" in page.content
    client.post(reverse("evaluation:build", args=[world.programme.slug]), {"series": "X"})
    assert not EvaluationExtract.objects.exists()


def test_the_command_builds_with_progress_and_says_what_to_change(world, dpo, cohort):
    import io

    from django.core.management import CommandError, call_command

    evaluation_register(world.programme, max_suppression=0.5)
    out = io.StringIO()
    call_command(
        "evaluation_extract",
        "build",
        programme=world.programme.slug,
        series="Command",
        user=dpo.email,
        stdout=out,
    )
    assert "160/160" in out.getvalue()
    assert "rows released" in out.getvalue()
    evaluation_register(world.programme, k=500)
    with pytest.raises(CommandError, match="lower evaluation.k"):
        call_command(
            "evaluation_extract",
            "build",
            programme=world.programme.slug,
            series="Command",
            user=dpo.email,
            stdout=io.StringIO(),
        )
