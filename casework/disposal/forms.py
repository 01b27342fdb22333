from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.disposal.models import HoldReason


class HoldForm(GovukForm):
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose the programme",
            "invalid_choice": "Choose the programme",
        },
    )
    participant = forms.UUIDField(
        label="Participant's case reference (optional)",
        required=False,
        error_messages={
            "invalid": "Enter the case reference as it appears on the participant's page"
        },
    )
    reason = forms.ChoiceField(
        label="Why must the records be kept?",
        choices=HoldReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the records must be kept"},
    )
    reference = forms.CharField(
        label="Case reference of the complaint, claim or request (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "The case reference must be 100 characters or fewer"},
    )
    review_on = GovukDateField(label="Review date")

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class PaperDestroyedForm(GovukForm):
    method = forms.CharField(
        label="How was the file destroyed?",
        max_length=200,
        error_messages={
            "required": "Enter how the file was destroyed",
            "max_length": "How it was destroyed must be 200 characters or fewer",
        },
    )


class PaperFileForm(GovukForm):
    reference = forms.CharField(label="Label on the file", max_length=100)
    location = forms.CharField(label="Where the file is kept", max_length=200)
    opened_on = GovukDateField(label="Date the file was opened")
