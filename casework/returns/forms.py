from django import forms

from casework.core.forms import GovukForm


class BuildForm(GovukForm):
    month = forms.CharField(
        label="Which month?",
        help_text="Year and month, for example 2026-10. The month must have ended.",
        max_length=7,
        error_messages={"required": "Enter the month, for example 2026-10"},
    )
