"""Forms parse what was typed and check its format; the rules (ranges, dates in order, what the
programme collects, who may set special category parts) live in casework.profiles.services."""

from django import forms

from casework.core.forms import GovukForm, GovukMonthYearField
from casework.profiles.models import (
    Barrier,
    Benefit,
    HealthBarrier,
    QualificationLevel,
    ReasonLeft,
    TravelDistance,
    YesNo,
)


class _ProfileForm(GovukForm):
    """A section of the profile: fields the user may not see or set are removed."""

    def __init__(self, *args, hidden=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in hidden:
            self.fields.pop(name, None)

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


def _checkboxes(label: str, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select from the list"},
    )


def _text(label: str, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea,
        max_length=max_length,
        error_messages={"max_length": f"Enter {max_length} characters or fewer"},
    )


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YesNo.choices, required=False, widget=forms.RadioSelect
    )


class BarriersForm(_ProfileForm):
    barriers = _checkboxes("Barriers to work", Barrier.choices)
    health_barriers = _checkboxes("Health and disability", HealthBarrier.choices)
    criminal_record_barrier = _yes_no("Is a criminal record a barrier to work?")
    barriers_detail = _text("More about barriers (optional)")


class SupportForm(_ProfileForm):
    support_received = _text("Support services already received (optional)")
    caring_responsibilities = _yes_no("Do they have parental or caring responsibilities?")
    caring_detail = _text("About their caring responsibilities (optional)", 2000)
    benefits = _checkboxes("Benefits received", Benefit.choices)


class GoalsForm(_ProfileForm):
    work_wanted = forms.CharField(
        label="Kinds of work wanted (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=500,
        error_messages={"max_length": "Enter 500 characters or fewer"},
    )
    hours_wanted = forms.IntegerField(
        label="Hours wanted per week (optional)",
        required=False,
        error_messages={"invalid": "Hours wanted per week must be a whole number, like 16"},
    )
    travel_distance = forms.ChoiceField(
        label="How far can they travel to work?",
        choices=TravelDistance.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class EmploymentEntryForm(GovukForm):
    employer = forms.CharField(
        label="Employer", max_length=200, error_messages={"required": "Enter the employer"}
    )
    role = forms.CharField(
        label="Role", max_length=200, error_messages={"required": "Enter their role"}
    )
    started_on = GovukMonthYearField(label="When they started")
    ended_on = GovukMonthYearField(label="When they left (optional)", required=False)
    hours_per_week = forms.DecimalField(
        label="Hours per week (optional)",
        required=False,
        decimal_places=1,
        error_messages={
            "invalid": "Hours per week must be a number, like 16 or 37.5",
            "max_decimal_places": "Hours per week can have one decimal place, like 37.5",
        },
    )
    reason_left = forms.ChoiceField(
        label="Reason for leaving (optional)",
        choices=[("", "Not given"), *ReasonLeft.choices],
        required=False,
    )

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class QualificationForm(GovukForm):
    title = forms.CharField(
        label="Qualification or course",
        max_length=200,
        error_messages={"required": "Enter the qualification or course"},
    )
    level = forms.ChoiceField(
        label="Level",
        choices=QualificationLevel.choices,
        error_messages={"required": "Select the level of the qualification"},
    )
    institution = forms.CharField(
        label="Where they studied (optional)", max_length=200, required=False
    )
    year_achieved = forms.IntegerField(
        label="Year achieved (optional)",
        required=False,
        error_messages={"invalid": "The year must be a number, like 2015"},
    )
    in_progress = forms.BooleanField(label="Still in progress", required=False)

    def arguments(self) -> dict:
        return dict(self.cleaned_data)
