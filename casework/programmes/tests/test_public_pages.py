"""A participant finds the programme: `/` lists each programme's public start page (and staff
sign-in), the start page links the privacy notice and the expression-of-interest form, the
notice links the form, and the form's confirmation gives a reference and says who will be in
touch. Public pages carry the programme's name and a public footer, not the staff ones."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casework.programmes.public import PUBLIC_PAGES
from casework.referrals.models import Referral
from casework.referrals.tests.test_referrals import NOW, interest_data, interest_form
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

STAFF_FOOTER = "Use it only for their support"


def test_a_signed_out_visitor_at_the_root_finds_each_programme_and_staff_sign_in(client, world):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    start = reverse("programmes:start", args=[world.programme.slug])
    assert f'href="{start}"' in html and "Test Connect to Work" in html
    assert f'href="{reverse("staff:sign-in")}"' in html
    assert STAFF_FOOTER not in html


def test_the_start_page_links_the_notice_and_the_form_under_the_programme_name(client, world):
    publish_register(world.programme, "south-midlands.yaml")
    html = client.get(reverse("programmes:start", args=[world.programme.slug])).content.decode()
    assert '<h1 class="govuk-heading-l">Test Connect to Work</h1>' in html
    for name in ("register:notice", "referrals:interest"):
        assert f'href="{reverse(name, args=[world.programme.slug])}"' in html, name
    assert 'class="casework-header__logo">Test Connect to Work</a>' in html
    assert STAFF_FOOTER not in html and "Main menu" not in html


def test_the_start_page_lists_every_public_page_that_exists(client, world):
    """The list is the one table in casework.programmes.public: without a published notice,
    the start page does not link to a page that would answer 404."""
    html = client.get(reverse("programmes:start", args=[world.programme.slug])).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert reverse("register:notice", args=[world.programme.slug]) not in main
    assert reverse("referrals:interest", args=[world.programme.slug]) in main
    assert len(PUBLIC_PAGES) >= 2
    assert client.get(reverse("programmes:start", args=["no-such-programme"])).status_code == 404


def test_the_privacy_notice_links_the_form(client, world):
    publish_register(world.programme, "south-midlands.yaml")
    html = client.get(reverse("register:notice", args=[world.programme.slug])).content.decode()
    form = reverse("referrals:interest", args=[world.programme.slug])
    assert f'href="{form}">Ask to join the programme</a>' in html
    assert STAFF_FOOTER not in html


def test_the_form_is_a_public_page_with_the_programme_name(client, world):
    html = client.get(reverse("referrals:interest", args=[world.programme.slug])).content.decode()
    assert 'class="casework-header__logo">Test Connect to Work</a>' in html
    assert STAFF_FOOTER not in html


def test_the_confirmation_gives_a_reference_and_who_will_contact_them(client, world):
    url = reverse("referrals:interest", args=[world.programme.slug])
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        response = client.post(url, interest_data(world, started))
        html = client.get(response.url).content.decode()
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.reference not in response.url  # never in a URL
    assert f"<strong>{referral.reference}</strong>" in html
    assert "from Partner A Council will contact you by email" in html
    assert STAFF_FOOTER not in html
    # Random, from the referral's random id: never a count of who has applied.
    assert len(referral.reference) == 9 and referral.reference.replace("-", "") in (
        referral.id.hex.upper()
    )


def test_the_confirmation_shows_no_reference_to_someone_who_sent_nothing(client, world):
    html = client.get(
        reverse("referrals:interest-sent", args=[world.programme.slug])
    ).content.decode()
    assert "Your reference" not in html
    assert "will contact you" in html
