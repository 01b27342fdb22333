"""Forms parse and check the format of what was typed; the rules live in the services."""

from django import forms

from casework.complaints.models import (
    NO_CONTACT_ROUTE,
    STAFF_RECORDED_CHANNELS,
    EntryKind,
    Outcome,
    SentHow,
)
from casework.core.forms import GovukDateField, GovukForm


class ComplainantForm(GovukForm):
    complainant_name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the name of the person complaining"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    postal_address = forms.CharField(
        label="Postal address",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    details = forms.CharField(
        label="What is the complaint about?",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what the complaint is about"},
    )
    wanted_outcome = forms.CharField(
        label="What would they like to happen? (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        has_route = any(cleaned.get(k) for k in ("email", "phone", "postal_address"))
        if not has_route and "email" not in self.errors:
            self.add_error("email", NO_CONTACT_ROUTE)
        return cleaned


class PublicComplaintForm(ComplainantForm):
    """The public page. `website` is a honeypot; `started` a signed timestamp (decision 3)."""

    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant_name"].label = "Your name"
        self.fields["complainant_name"].error_messages["required"] = "Enter your name"
        self.fields["details"].label = "What is your complaint about?"
        self.fields["details"].help_text = (
            "Tell us what happened with your personal information, when, and who was involved "
            "if you know."
        )
        self.fields["details"].error_messages["required"] = "Enter what your complaint is about"
        self.fields["wanted_outcome"].label = "What would you like us to do? (optional)"


class StaffComplaintForm(ComplainantForm):
    channel = forms.ChoiceField(
        label="How was the complaint received?",
        choices=[(c.value, c.label) for c in STAFF_RECORDED_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the complaint was received"},
    )
    received_on = GovukDateField(
        label="Date the complaint was received",
        help_text="The acknowledgement is due 30 days after this day. For example, 27 3 2026",
    )
    rights_request_reference = forms.CharField(
        label="Rights request it concerns (optional)",
        required=False,
        max_length=100,
        help_text="The reference of the subject access or other rights request, if there is one",
    )
    field_order = ["channel", "received_on"]


class AcknowledgeForm(GovukForm):
    acknowledged_on = GovukDateField(label="Date the acknowledgement was sent")
    how = forms.ChoiceField(
        label="How was it sent?",
        choices=SentHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was sent"},
    )
    text = forms.CharField(
        label="What the acknowledgement said (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EntryForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a note or an update to the complainant"},
    )
    text = forms.CharField(
        label="Note or update",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the note or the update"},
    )
    on = GovukDateField(label="Date")
    sent_how = forms.ChoiceField(
        label="If it is an update, how was it sent?",
        choices=SentHow.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the complaint"},
    )
    outcome_summary = forms.CharField(
        label="What we found and what we will do",
        help_text="This goes into the outcome letter, with how to complain to the ICO",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what was found and what will be done"},
    )
    closed_on = GovukDateField(label="Date the outcome was sent")
    sent_how = forms.ChoiceField(
        label="How was the outcome sent?",
        choices=SentHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was sent"},
    )


class LinkForm(GovukForm):
    rights_request_reference = forms.CharField(
        label="Rights request it concerns (optional)", required=False, max_length=100
    )
    breach = forms.ChoiceField(label="Breach it concerns (optional)", required=False)

    def __init__(self, *args, breaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["breach"].choices = [("", "None")] + [
            (str(b.pk), f"{b.reference}: {b.summary}") for b in breaches
        ]
