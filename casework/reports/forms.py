from django import forms
from django.utils import timezone

from casework.core.forms import GovukDateField, GovukForm


class ReportPeriodForm(GovukForm):
    """The period of a report (inclusive) and, where the user sees several partners, the partner
    whose monthly series to show. Read from the query string, so a report can be bookmarked."""

    start = GovukDateField(label="From")
    end = GovukDateField(label="To")
    partner = forms.TypedChoiceField(
        label="Monthly figures for",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a delivery partner from the list"},
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "All delivery partners")] + [
            (p.pk, p.name) for p in partners
        ]
        if len(partners) < 2:
            del self.fields["partner"]

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start and start > timezone.localdate():
            raise forms.ValidationError("The start of the period must be today or in the past")
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        return cleaned
