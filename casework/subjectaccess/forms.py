"""Forms parse and check the format of what was typed; the rules live in the services."""

from django import forms

from casework.core.forms import GovukForm
from casework.subjectaccess.models import Decision, Exemption


class PrepareForm(GovukForm):
    request_reference = forms.CharField(
        label="Request reference (optional)", required=False, max_length=120
    )


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="What should the person receive?",
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to release, redact or withhold this item"},
    )
    passage = forms.CharField(
        label="Passage to withhold (if redacting part of it)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exemption = forms.ChoiceField(
        label="Exemption (if withholding any of it)",
        required=False,
        choices=Exemption.choices,
    )
    reason = forms.CharField(
        label="Why it applies here (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReleaseForm(GovukForm):
    identity_verified = forms.BooleanField(
        label="I have verified the person's identity (or their representative's authority)",
        required=False,
    )
    request_reference = forms.CharField(label="Request reference", required=False, max_length=120)
