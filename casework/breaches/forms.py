"""Breach forms: the ICO report form's questions. Dates and times are typed as a GOV.UK date
and a time of day, combined here into a moment in local time."""

import datetime
import re

from django import forms
from django.utils import timezone

from casework.breaches.models import (
    Count,
    CyberIncident,
    Decision,
    ReportType,
    Risk,
    SubjectCategory,
)
from casework.breaches.services import NOT_YET_KNOWN, TOLD_HOW
from casework.core.forms import GovukDateField, GovukForm
from casework.register.categories import CATEGORIES

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def data_category_choices() -> list[tuple[str, str]]:
    """The register's data categories, special category and criminal offence data marked."""
    choices = []
    for key, category in CATEGORIES.items():
        label = category.label
        if category.special_category:
            label += " (special category data)"
        if category.criminal_offence:
            label += " (criminal offence data)"
        choices.append((key, label))
    return [*choices, ("other", "Other"), (NOT_YET_KNOWN, "Not yet known")]


class MomentMixin:
    """Pairs NAME_on (a date) and NAME_time (a time of day) into cleaned_data[NAME]."""

    moments: tuple[tuple[str, bool], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name, required in self.moments:
            day, text = cleaned.get(f"{name}_on"), (cleaned.get(f"{name}_time") or "").strip()
            cleaned[name] = None
            if f"{name}_on" in self.errors:
                continue
            if day is None:
                if required:
                    self.add_error(
                        f"{name}_on", self.fields[f"{name}_on"].error_messages["required"]
                    )
                continue
            time = parse_time(text) if text else datetime.time(0, 0)
            if time is None:
                self.add_error(f"{name}_time", "Enter a time like 14:30 or 2:30pm")
                continue
            cleaned[name] = datetime.datetime.combine(day, time, timezone.get_current_timezone())
        return cleaned


def _moment_fields(label: str, *, required: bool, hint: str = ""):
    day = GovukDateField(label=f"Date {label}", required=required, help_text=hint)
    time = forms.CharField(
        label=f"Time {label}",
        required=False,
        max_length=10,
        help_text="For example, 14:30 or 2:30pm",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    return day, time


class BreachForm(MomentMixin, GovukForm):
    moments = (("occurred_at", False), ("aware_at", True))

    summary = forms.CharField(
        label="Short description",
        max_length=200,
        help_text="For example, 'Case list emailed to the wrong partner'",
        error_messages={"required": "Enter a short description of the breach"},
    )
    report_type = forms.ChoiceField(
        label="Report type",
        choices=ReportType.choices,
        initial=ReportType.INITIAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an initial or a follow-up report"},
    )
    ico_reference = forms.CharField(
        label="ICO case reference (follow-up reports)", required=False, max_length=50
    )
    what_happened = forms.CharField(
        label="What happened?",
        help_text="What went wrong and how. Do not include the names of the people affected.",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what happened"},
    )
    cyber_incident = forms.ChoiceField(
        label="Was the breach caused by a cyber incident?",
        choices=CyberIncident.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the breach was caused by a cyber incident"},
    )
    how_discovered = forms.CharField(
        label="How did you find out about the breach?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how the breach was discovered"},
    )
    occurred_at_on, occurred_at_time = _moment_fields(
        "the breach happened",
        required=False,
        hint="Leave empty if it is not known. For example, 27 3 2026",
    )
    aware_at_on, aware_at_time = _moment_fields(
        "you became aware of it",
        required=True,
        hint="The 72 hours to report to the ICO start then",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aware_at_on"].error_messages["required"] = (
            "Enter when you became aware of the breach: the 72 hours start then"
        )

    data_categories = forms.MultipleChoiceField(
        label="Categories of personal data included",
        choices=data_category_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the categories of personal data, or 'Not yet known'"},
    )
    data_categories_other = forms.CharField(
        label="Other personal data (if 'Other')", required=False, max_length=300
    )
    subject_categories = forms.MultipleChoiceField(
        label="Categories of people affected",
        choices=SubjectCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the categories of people, or 'Not yet known'"},
    )
    records_affected = forms.IntegerField(
        label="Number of personal data records concerned",
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the number of records as a whole number"},
    )
    records_count = forms.ChoiceField(
        label="Is that number exact?",
        choices=Count.choices,
        initial=Count.EXACT,
        widget=forms.RadioSelect,
    )
    people_affected = forms.IntegerField(
        label="Number of people who could be affected",
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the number of people as a whole number"},
    )
    people_count = forms.ChoiceField(
        label="Is that number exact?",
        choices=Count.choices,
        initial=Count.EXACT,
        widget=forms.RadioSelect,
    )
    likely_consequences = forms.CharField(
        label="Likely consequences for the people affected (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    containment = forms.CharField(
        label="What has been done to contain the breach and recover the data? (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name, _ in self.moments:
            data.pop(f"{name}_on", None)
            data.pop(f"{name}_time", None)
        data["records_count"] = data.get("records_count") or Count.EXACT
        data["people_count"] = data.get("people_count") or Count.EXACT
        return data

    @staticmethod
    def initial_from(breach) -> dict:
        initial = {
            name: getattr(breach, name)
            for name in (
                "summary",
                "report_type",
                "ico_reference",
                "what_happened",
                "cyber_incident",
                "how_discovered",
                "data_categories",
                "data_categories_other",
                "subject_categories",
                "records_affected",
                "records_count",
                "people_affected",
                "people_count",
                "likely_consequences",
                "containment",
            )
        }
        for name in ("occurred_at", "aware_at"):
            moment = getattr(breach, name)
            if moment:
                local = timezone.localtime(moment)
                initial[f"{name}_on"], initial[f"{name}_time"] = local.date(), f"{local:%H:%M}"
        return initial


class AssessForm(GovukForm):
    risk = forms.ChoiceField(
        label="What is the risk to the people affected?",
        choices=Risk.choices,
        widget=forms.RadioSelect,
        help_text="Think about how likely harm is and how severe it would be: distress, "
        "discrimination, financial loss, safety",
        error_messages={"required": "Select the risk to the people affected"},
    )
    risk_reasoning = forms.CharField(
        label="Why that level of risk?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you judged the risk at that level"},
    )
    likely_consequences = forms.CharField(
        label="Likely consequences for the people affected",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    what_to_tell_people = forms.CharField(
        label="What happened, in words for the people affected (needed if the risk is high)",
        help_text="This goes into the letter or email to each person, with the likely "
        "consequences, what is being done and who to contact",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecideForm(GovukForm):
    decision = forms.ChoiceField(
        label="Will you report the breach to the ICO?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to report the breach to the ICO"},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        help_text="Required either way: a decision not to report must be documented with why",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ReportForm(MomentMixin, GovukForm):
    moments = (("reported_at", True),)
    reported_at_on, reported_at_time = _moment_fields("it was reported to the ICO", required=True)
    ico_reference = forms.CharField(label="ICO case reference", required=False, max_length=50)
    delay_reason = forms.CharField(
        label="Reason for the delay (if reported more than 72 hours after becoming aware)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("reported_at", "ico_reference", "delay_reason")}


class ControllerForm(MomentMixin, GovukForm):
    moments = (("told_at", True),)
    organisation = forms.ChoiceField(
        label="Which controller was told?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select one of the programme's controllers"},
    )
    how = forms.CharField(
        label="How were they told?",
        max_length=100,
        help_text="For example, 'Email to their data protection officer'",
        error_messages={"required": "Enter how they were told (for example, email to their DPO)"},
    )
    told_at_on, told_at_time = _moment_fields("they were told", required=True)

    def __init__(self, *args, controllers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(c, c) for c in controllers]

    def service_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("organisation", "how", "told_at")}


class ToldForm(GovukForm):
    how = forms.ChoiceField(
        label="How was the letter sent?",
        choices=list(TOLD_HOW.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter was sent"},
    )


class PeopleForm(GovukForm):
    unidentified = forms.IntegerField(
        label="People affected who cannot be identified",
        min_value=0,
        required=False,
        help_text="Counted, not named: for example, people on a lost paper list",
        error_messages={"invalid": "Enter the number as a whole number"},
    )
