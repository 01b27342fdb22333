from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.eligibility.models import Decision
from casework.eligibility.rules import GROUP_LABELS, STRAND_LABELS

YES_NO = [("yes", "Yes"), ("no", "No")]


class EligibilityForm(GovukForm):
    assessed_on = GovukDateField(label="Date of the assessment")
    lives_in_area = forms.ChoiceField(
        label="Do they live in the programme's area?",
        choices=YES_NO,
        error_messages={"required": "Select yes if they live in the programme's area"},
    )
    right_to_work = forms.ChoiceField(
        label="Have they shown they have the right to work in the UK?",
        choices=YES_NO,
        error_messages={"required": "Select yes if they have the right to work in the UK"},
    )
    right_to_work_evidence = forms.CharField(
        label="What evidence did you see? (optional)", required=False, max_length=200
    )
    on_other_dwp_programme = forms.ChoiceField(
        label="Are they on another DWP employment programme, such as Restart?",
        choices=YES_NO,
        error_messages={"required": "Select yes if they are on another DWP employment programme"},
    )
    qualifying_groups = forms.MultipleChoiceField(
        label="Which of these apply to them?",
        choices=[(k.value, v) for k, v in GROUP_LABELS.items()],
        required=False,
    )
    strand = forms.ChoiceField(
        label="Which strand?",
        choices=[(k.value, v) for k, v in STRAND_LABELS.items()],
        error_messages={"required": "Select the strand"},
    )
    exceptional_age_reason = forms.CharField(
        label="If they are 16 or 17: why is this an exceptional case? (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        required=False,
    )
    decision_reason = forms.CharField(
        label="Reason (needed unless eligible; say where you referred them)",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
