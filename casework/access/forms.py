"""Forms parse what was typed; the rules live in casework.access.services."""

from django import forms

from casework.access.models import BreakGlassReason, ReviewOutcome
from casework.core.forms import GovukDateField, GovukForm


class BreakGlassForm(GovukForm):
    national_insurance_number = forms.CharField(
        label="National Insurance number", required=False, max_length=20
    )
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    reason = forms.ChoiceField(
        label="Why do you need to open this record?",
        choices=BreakGlassReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to open this record"},
    )
    reason_detail = forms.CharField(
        label="Tell us more", required=False, widget=forms.Textarea, max_length=1000
    )

    def clean(self):
        data = super().clean()
        by_name = data.get("first_name") and data.get("last_name") and data.get("date_of_birth")
        if not data.get("national_insurance_number") and not by_name:
            raise forms.ValidationError(
                "Enter their National Insurance number, or their full name and date of birth"
            )
        return data


class BreakGlassReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Was this access justified?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the access was justified"},
    )
    note = forms.CharField(
        label="Notes (optional if justified)", required=False, widget=forms.Textarea
    )
