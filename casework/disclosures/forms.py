"""The pages' forms. They check the shape of what was typed; the rules are the gate's
(casework.disclosures.services)."""

from django import forms

from casework.access.permissions import Action, has_permission
from casework.core.forms import GovukDateField, GovukForm
from casework.disclosures import rules
from casework.disclosures.models import (
    Delivery,
    DisclosureKind,
    DisclosureStatus,
    InformDecision,
    SafeguardingReason,
)
from casework.register.fields import special_category_fields
from casework.register.selectors import collected_fields


def recipient_choices(recipients) -> list[tuple[str, str]]:
    return [(r.key, r.description) for r in recipients]


def field_choices(user, programme) -> list[tuple[str, str]]:
    """The participant fields the programme collects, that this user may see, as choices."""
    hidden = set(special_category_fields("participants.Participant"))
    sees_special = has_permission(user, Action.VIEW_SPECIAL_CATEGORY, programme)
    references = sorted(
        ref
        for ref in collected_fields(programme)
        if ref.startswith("participants.Participant.")
        and ref.rpartition(".")[2] not in {"nino_index", "programme", "area"}
        and (sees_special or ref.rpartition(".")[2] not in hidden)
    )
    return [(ref, rules.field_label(ref)) for ref in references]


def _choices(delivery_values):
    return [(d.value, d.label) for d in Delivery if d.value in delivery_values]


class _RecipientForm(GovukForm):
    recipient = forms.ChoiceField(
        label="Recipient (as the programme's register names them)",
        error_messages={"required": "Select the recipient"},
    )
    recipient_name = forms.CharField(
        label="Name of the organisation",
        max_length=200,
        error_messages={"required": "Enter the name of the organisation"},
    )
    recipient_email = forms.EmailField(
        label="Their email address (to send it by email)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipient_choices(recipients)

    def clean(self):
        data = super().clean()
        if (
            data.get("delivery") == Delivery.EMAIL
            and not data.get("recipient_email")
            and "recipient_email" not in self.errors
        ):
            self.add_error("recipient_email", "Enter the email address to send it to")
        return data


class DocumentForm(_RecipientForm):
    document = forms.ChoiceField(
        label="Document to send", error_messages={"required": "Select the document to send"}
    )
    delivery = forms.ChoiceField(
        label="How is it sent?",
        widget=forms.RadioSelect,
        choices=_choices({Delivery.EMAIL, Delivery.DOWNLOAD}),
        error_messages={"required": "Select how it is sent"},
    )
    field_order = ["document", "recipient", "recipient_name", "delivery", "recipient_email"]

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_name"].label = "Name of the employer or training provider"
        self.fields["recipient_name"].error_messages["required"] = (
            "Enter the name of the employer or training provider"
        )
        self.fields["document"].choices = [
            (str(d.pk), f"{d.title} ({d.get_kind_display()})") for d in documents
        ]


class _FieldsForm(_RecipientForm):
    fields_shared = forms.MultipleChoiceField(
        label="What is shared",
        error_messages={"required": "Select what is shared"},
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, field_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_shared"].choices = list(field_options)


class ReferralForm(_FieldsForm):
    message = forms.CharField(
        label="Why are you referring them?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are referring them"},
    )
    delivery = forms.ChoiceField(
        label="How is it sent?",
        widget=forms.RadioSelect,
        choices=_choices({Delivery.EMAIL, Delivery.DOWNLOAD}),
        error_messages={"required": "Select how it is sent"},
    )
    field_order = [
        "recipient",
        "recipient_name",
        "fields_shared",
        "message",
        "delivery",
        "recipient_email",
    ]


class EnquiryForm(_FieldsForm):
    purpose = forms.ChoiceField(
        label="What is the enquiry for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the enquiry is for"},
    )
    question = forms.CharField(
        label="What are you asking?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what you are asking"},
    )
    delivery = forms.ChoiceField(
        label="How is it sent?",
        widget=forms.RadioSelect,
        choices=_choices({Delivery.EMAIL, Delivery.DOWNLOAD}),
        error_messages={"required": "Select how it is sent"},
    )
    field_order = [
        "recipient",
        "recipient_name",
        "purpose",
        "fields_shared",
        "question",
        "delivery",
        "recipient_email",
    ]

    def __init__(self, *args, purposes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = list(purposes)
        self.fields["recipient_name"].label = "Name of the employer or education provider"


YES_NO = [("yes", "Yes"), ("no", "No")]


class SafeguardingForm(_FieldsForm):
    reason = forms.ChoiceField(
        label="Why must it be shared without their consent?",
        widget=forms.RadioSelect,
        choices=SafeguardingReason.choices,
        error_messages={"required": "Select why it must be shared without consent"},
    )
    risk = forms.CharField(
        label="What is the risk?",
        widget=forms.Textarea,
        error_messages={"required": "Describe the risk"},
    )
    why_override = forms.CharField(
        label="Why is the risk serious enough to override their privacy?",
        widget=forms.Textarea,
        error_messages={"required": "Explain why the risk overrides their privacy"},
    )
    asked_first = forms.ChoiceField(
        label="Did you ask them first?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": "Select whether you asked them first"},
    )
    not_asked_reason = forms.CharField(
        label="If not, why not?", widget=forms.Textarea, required=False
    )
    what_was_shared = forms.CharField(
        label="Describe what is shared",
        widget=forms.Textarea,
        error_messages={"required": "Describe what is shared"},
    )
    delivery = forms.ChoiceField(
        label="How is it shared?",
        widget=forms.RadioSelect,
        choices=_choices({Delivery.EMAIL, Delivery.RECORDED}),
        error_messages={"required": "Select how it is shared"},
    )
    urgent = forms.BooleanField(
        label="It cannot wait for a second person's approval", required=False
    )
    urgency_reason = forms.CharField(
        label="Why can it not wait?", widget=forms.Textarea, required=False
    )
    inform = forms.ChoiceField(
        label="Will they be told?",
        widget=forms.RadioSelect,
        choices=InformDecision.choices,
        error_messages={"required": "Select whether they will be told"},
    )
    inform_on = GovukDateField(label="When will they be told?", required=False)
    not_yet_reason = forms.CharField(
        label="Why is it not safe to tell them yet?", widget=forms.Textarea, required=False
    )
    review_on = GovukDateField(label="When will you review that decision?", required=False)
    field_order = [
        "reason",
        "risk",
        "why_override",
        "asked_first",
        "not_asked_reason",
        "recipient",
        "recipient_name",
        "fields_shared",
        "what_was_shared",
        "delivery",
        "recipient_email",
        "urgent",
        "urgency_reason",
        "inform",
        "inform_on",
        "not_yet_reason",
        "review_on",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_name"].label = "Who is it shared with?"
        self.fields["recipient_name"].help_text = "For example, Luton Adult Social Care"


class InformForm(GovukForm):
    inform = SafeguardingForm.base_fields["inform"]
    inform_on = GovukDateField(label="When will they be told?", required=False)
    not_yet_reason = forms.CharField(
        label="Why is it not safe to tell them yet?", widget=forms.Textarea, required=False
    )
    review_on = GovukDateField(label="When will you review that decision?", required=False)


class ApprovalForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you approve this disclosure?",
        widget=forms.RadioSelect,
        choices=[("approve", "Yes, approve it: it is shared now"), ("decline", "No")],
        error_messages={"required": "Select whether you approve it"},
    )
    note = forms.CharField(
        label="Your reasons (needed if you do not approve)", widget=forms.Textarea, required=False
    )


class StatutoryRequestForm(_FieldsForm):
    request_reference = forms.CharField(
        label="The request's reference",
        max_length=120,
        error_messages={"required": "Enter the request's reference"},
    )
    purpose = forms.ChoiceField(
        label="Under which exemption?",
        widget=forms.RadioSelect,
        choices=[(k, rules.GATEWAY_PURPOSES[k]) for k in ("crime_prevention", "required_by_law")],
        error_messages={"required": "Select the exemption"},
    )
    delivery = forms.ChoiceField(
        label="How is it handed over?",
        widget=forms.RadioSelect,
        choices=_choices({Delivery.DOWNLOAD, Delivery.EMAIL}),
        error_messages={"required": "Select how it is handed over"},
    )
    field_order = [
        "recipient",
        "recipient_name",
        "request_reference",
        "purpose",
        "fields_shared",
        "delivery",
        "recipient_email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_name"].label = "Who made the request?"
        self.fields["recipient_name"].error_messages["required"] = "Enter who made the request"


class DataMatchingForm(GovukForm):
    recipient = forms.ChoiceField(
        label="Recipient", error_messages={"required": "Select the recipient"}
    )
    fields_shared = forms.MultipleChoiceField(
        label="Fields in the extract",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the fields in the extract"},
    )
    request_reference = forms.CharField(label="Reference (optional)", required=False)

    def __init__(self, *args, recipients=(), field_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipient_choices(recipients)
        self.fields["fields_shared"].choices = list(field_options)


class LogFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *DisclosureKind.choices]
    )
    recipient = forms.ChoiceField(label="Recipient", required=False)
    agreement = forms.ChoiceField(label="Agreement", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *DisclosureStatus.choices]
    )
    since = GovukDateField(label="From", required=False)
    until = GovukDateField(label="To", required=False)

    def __init__(self, *args, recipients=(), agreements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [("", "Any recipient"), *recipient_choices(recipients)]
        self.fields["agreement"].choices = [("", "Any agreement")] + [(a, a) for a in agreements]
