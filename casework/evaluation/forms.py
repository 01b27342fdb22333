from django import forms

from casework.core.forms import GovukForm


class ExtractForm(GovukForm):
    series = forms.CharField(
        label="Release series",
        max_length=80,
        help_text="Extracts in the same series give each person the same pseudonym; a new "
        "series gives unrelated ones (for example 'DWP evaluation 2026').",
        error_messages={"required": "Enter the name of the release series"},
    )
    as_of = forms.DateField(
        label="Ages as at (optional)",
        required=False,
        help_text="For example 31/3/2026. Left empty: today.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the date as day/month/year, for example 31/3/2026"},
    )
