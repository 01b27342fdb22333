"""Forms parse and check the format of what was typed; the rules live in the services
(casework.rights.requests)."""

from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.rights.clock import PauseReason
from casework.rights.engine import EXEMPTIONS
from casework.rights.models import (
    NO_CONTACT_ROUTE,
    STAFF_RECORDED_CHANNELS,
    Decision,
    IdentityMethod,
    Requester,
    RequestKind,
)
from casework.rights.requests import TOLD_HOW

# What a person may ask for on the public page, in plain words.
PUBLIC_KINDS = [
    (RequestKind.ACCESS.value, "A copy of the information you hold about me"),
    (RequestKind.RECTIFICATION.value, "Correct information about me that is wrong"),
    (RequestKind.ERASURE.value, "Delete information about me"),
    (RequestKind.RESTRICTION.value, "Stop using my information while a concern is looked into"),
    (RequestKind.PORTABILITY.value, "My information in a format I can give to someone else"),
    (RequestKind.OBJECTION.value, "Stop using my information for a particular reason"),
    (RequestKind.AUTOMATED_DECISION.value, "A person to review a decision made by a computer"),
    (RequestKind.CONSENT_WITHDRAWAL.value, "Withdraw my consent"),
    (RequestKind.MARKETING_OBJECTION.value, "Stop sending me news or marketing"),
]


class RequesterForm(GovukForm):
    requester = forms.ChoiceField(
        label="Who is asking?",
        choices=Requester.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is asking"},
    )
    requester_name = forms.CharField(
        label="Name of the person asking",
        max_length=200,
        error_messages={"required": "Enter the name of the person asking"},
    )
    person_name = forms.CharField(
        label="If someone is acting for them: name of the person the information is about",
        required=False,
        max_length=200,
    )
    authority_evidence = forms.CharField(
        label="If someone is acting for them: their authority to act (optional)",
        help_text="For example a signed letter of authority, a lasting power of attorney, or "
        "that they are the child's parent",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
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
        label="What are they asking for?",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what they are asking for"},
    )

    def clean(self):
        cleaned = super().clean()
        has_route = any(cleaned.get(k) for k in ("email", "phone", "postal_address"))
        if not has_route and "email" not in self.errors:
            self.add_error("email", NO_CONTACT_ROUTE)
        return cleaned


class PublicRequestForm(RequesterForm):
    """The public page. `website` is a honeypot; `started` a signed timestamp (decision 3)."""

    kind = forms.ChoiceField(
        label="What would you like us to do?",
        choices=PUBLIC_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you would like us to do"},
    )
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = ["kind", "requester", "requester_name", "person_name", "authority_evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].label = "Who is the information about?"
        self.fields["requester"].choices = [
            (Requester.SELF.value, "Me"),
            (Requester.REPRESENTATIVE.value, "Someone I am acting for"),
        ]
        self.fields["requester"].error_messages["required"] = "Select who the information is about"
        self.fields["requester_name"].label = "Your full name"
        self.fields["requester_name"].error_messages["required"] = "Enter your full name"
        self.fields["person_name"].label = "If you are acting for someone: their full name"
        self.fields[
            "authority_evidence"
        ].label = "If you are acting for someone: why you can act for them (optional)"
        self.fields["details"].label = "Tell us more"
        self.fields["details"].help_text = (
            "For example which information, or what is wrong and what it should say. Do not "
            "send copies of identity documents here: we will ask you for them."
        )
        self.fields["details"].error_messages["required"] = "Tell us what you are asking for"


class StaffRequestForm(RequesterForm):
    kind = forms.ChoiceField(
        label="What is asked for?",
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they are asking for"},
    )
    channel = forms.ChoiceField(
        label="How was the request received?",
        choices=[(c.value, c.label) for c in STAFF_RECORDED_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the request was received"},
    )
    received_on = GovukDateField(
        label="Date the request was received",
        help_text="The month to answer counts from this day. For example, 27 3 2026",
    )
    field_order = ["kind", "channel", "received_on"]


class IdentityForm(GovukForm):
    method = forms.ChoiceField(
        label="How was their identity verified?",
        choices=IdentityMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how their identity was verified"},
    )
    what_was_seen = forms.CharField(
        label="What was seen or checked",
        help_text="For example: passport seen in person; or the name of the caseworker who "
        "knows them and how. Do not type document numbers.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was seen or checked"},
    )
    checked_on = GovukDateField(label="Date identity was verified")


class PauseForm(GovukForm):
    reason = forms.ChoiceField(
        label="What are you waiting for?",
        choices=[(r.value, r.label) for r in PauseReason],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are waiting for"},
    )
    note = forms.CharField(
        label="What was asked for",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was asked for"},
    )
    started_on = GovukDateField(label="Date it was asked for")


class ResumeForm(GovukForm):
    ended_on = GovukDateField(label="Date the answer arrived")


class ExtendForm(GovukForm):
    reason = forms.CharField(
        label="Why is the request complex, or the requests numerous?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the request is complex, or the requests numerous"},
    )
    decided_on = GovukDateField(
        label="Date the person was told",
        help_text="It must be within the first month of the request",
    )
    told_how = forms.ChoiceField(
        label="How were they told?",
        choices=list(TOLD_HOW.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person was told"},
    )


class TransferForm(GovukForm):
    controller = forms.ChoiceField(
        label="Which controller answers the request?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a controller of the programme"},
    )
    note = forms.CharField(
        label="Why is it transferred?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the request is transferred"},
    )

    def __init__(self, *args, controllers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["controller"].choices = [(c, c) for c in controllers]


class DecideForm(GovukForm):
    decision = forms.ChoiceField(
        label="What is the decision?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    exemption = forms.ChoiceField(
        label="Exemption or ground relied on (optional)",
        required=False,
        choices=[("", "None")] + [(e.key, f"{e.title} ({e.reference})") for e in EXEMPTIONS],
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Required to refuse or grant in part. They go into the letter, with the "
        "person's right to complain to the ICO and to go to court",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decided_on = GovukDateField(label="Date of the decision")
    purpose = forms.ChoiceField(
        label="For an objection: the use of their data objected to", required=False
    )
    consent = forms.ChoiceField(label="For a withdrawal: the consent withdrawn", required=False)

    def __init__(self, *args, purposes=(), consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", "Not an objection")] + list(purposes)
        self.fields["consent"].choices = [("", "Not a withdrawal")] + list(consents)
