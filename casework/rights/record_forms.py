"""Forms for the rights pages on a participant's record (rectification, restriction, objection).
They parse what was typed; the rules live in casework.rights.services and .rectification."""

import copy

from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.participants.forms import ParticipantForm
from casework.rights.models import ObjectionDecision


class CorrectForm(GovukForm):
    """The corrected value, through the participant edit form's own field (the same widget,
    validators and messages), and why."""

    reason = forms.CharField(
        label="Why is it corrected?",
        help_text="For example, what the person told you and what you checked",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the detail is corrected"},
    )

    def __init__(self, *args, name: str, label: str, participant, user, **kwargs):
        super().__init__(*args, **kwargs)
        edit_form = ParticipantForm(
            programme=participant.programme, user=user, show_special_category=True
        )
        field = copy.deepcopy(edit_form.fields[name])
        field.label = f"Corrected {label.lower()}"
        self.fields = {name: field, **self.fields}
        self.initial.setdefault(name, getattr(participant, name))


class StatementForm(GovukForm):
    statement = forms.CharField(
        label="The person's statement",
        help_text="What the person says is wrong or missing, in their words. It is shown with "
        "the detail on their record.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the person's statement, in their words"},
    )
    council_view = forms.CharField(
        label="Why the council does not correct it",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the council does not correct the detail"},
    )


class RestrictForm(GovukForm):
    reason = forms.CharField(
        label="Why is processing restricted?",
        help_text="For example, the person contests the accuracy of their record while it is "
        "checked (UK GDPR Article 18(1)(a)), or objected and a decision is awaited",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why processing is restricted"},
    )


class LiftForm(GovukForm):
    told_on = GovukDateField(
        label="Date the person was told the restriction will be lifted",
        help_text="They must be told before it is lifted. For example, 27 3 2026",
        required=False,
    )
    told_how = forms.CharField(
        label="How were they told?",
        help_text="For example, by letter to their home address",
        max_length=200,
        required=False,
    )


class ObjectionForm(GovukForm):
    purpose = forms.ChoiceField(
        label="Which purpose do they object to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a purpose of the programme"},
    )
    received_on = GovukDateField(label="Date the objection was received")
    grounds = forms.CharField(
        label="What did they say about their situation? (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, purposes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = purposes


class DecideForm(GovukForm):
    decision = forms.ChoiceField(
        label="Is the objection upheld?",
        choices=[
            (ObjectionDecision.UPHELD, "Upheld: processing for this purpose stops"),
            (
                ObjectionDecision.NOT_UPHELD,
                "Not upheld: there are compelling legitimate grounds that override the "
                "person's interests",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the objection is upheld"},
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Needed when the objection is not upheld: the grounds, which the person is "
        "told, with their right to complain to the ICO",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
