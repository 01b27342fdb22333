import datetime

from django import forms
from django.utils import timezone

from casework.audit.models import ReviewOutcome
from casework.core.forms import GovukDateField, GovukForm


class AlertReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What did you find?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of your review"},
    )
    note = forms.CharField(label="What did you do about it?", required=False, max_length=2000)


class ReportPeriodForm(GovukForm):
    start = GovukDateField(label="From")
    end = GovukDateField(label="To")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        return cleaned

    @staticmethod
    def last_month() -> tuple[datetime.date, datetime.date]:
        first_this_month = timezone.localdate().replace(day=1)
        end = first_this_month - datetime.timedelta(days=1)
        return end.replace(day=1), end
