"""Every form's length errors name the field in GOV.UK style, and long text fields are the
GOV.UK character count: both from the shared form helpers (casework.core.forms, fields.html)."""

import importlib
import pkgutil

import pytest
from django import forms
from django.template import engines

import casework
from casework.core.forms import GovukForm
from casework.referrals.forms import DeclineForm

# Forms that are not Casework's own (Django's sign-in form, with Django's messages kept).
NOT_OURS = {"SignInForm"}


def all_form_classes():
    for module in pkgutil.walk_packages(casework.__path__, "casework."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {c for c in walk(forms.Form) if c.__module__.startswith("casework.")}


def test_every_form_is_a_govuk_form():
    found = all_form_classes()
    assert len(found) > 20
    others = sorted(c.__name__ for c in found if not issubclass(c, GovukForm))
    assert set(others) <= NOT_OURS, others


def test_a_length_error_names_the_field():
    form = DeclineForm({"reason": "x" * 2001})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Reason must be 2,000 characters or fewer"]


def test_the_label_names_the_field_without_optional():
    class Form(GovukForm):
        detail = forms.CharField(label="More about barriers (optional)", max_length=10)
        code = forms.CharField(label="Code", min_length=4, max_length=100_000)

    form = Form({"detail": "x" * 11, "code": "abc"})
    assert not form.is_valid()
    assert form.errors["detail"] == ["More about barriers must be 10 characters or fewer"]
    assert form.errors["code"] == ["Code must be 4 characters or more"]


def test_an_authors_own_message_is_kept():
    class Form(GovukForm):
        goal = forms.CharField(max_length=5, error_messages={"max_length": "Shorter, please"})

    form = Form({"goal": "too long"})
    assert not form.is_valid() and form.errors["goal"] == ["Shorter, please"]


@pytest.mark.parametrize(("max_length", "counted"), [(2000, True), (None, False)])
def test_a_long_text_field_is_a_character_count(max_length, counted):
    class Form(GovukForm):
        note = forms.CharField(label="Note", max_length=max_length, widget=forms.Textarea)

    template = '{% from "casework/fields.html" import textarea_field %}'
    template += '{{ textarea_field(form, "note") }}'
    html = engines["jinja2"].from_string(template).render({"form": Form()})
    assert ('data-module="govuk-character-count"' in html) is counted
    assert ('data-maxlength="2000"' in html) is counted
    assert "You can enter up to 2,000 characters" in html if counted else "<textarea" in html
