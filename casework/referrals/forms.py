"""Forms parse and check the format of what was typed; the rules live in the services."""

from django import forms

from casework.core.forms import GovukForm
from casework.participants.forms import PersonForm
from casework.programmes.models import Area
from casework.referrals.models import (
    NO_WAY_TO_CONTACT,
    STAFF_RECORDED_CHANNELS,
    AgreementHow,
    Route,
)


class ReferralPersonForm(PersonForm):
    """The person referred: who they are, how to reach them, where they live and what support
    they need."""

    area = forms.ModelChoiceField(
        label="Council area",
        queryset=Area.objects.none(),
        error_messages={"required": "Select the council area the person lives in"},
    )
    support_needs = forms.CharField(
        label="Reason for referral and support needed (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["area"].queryset = programme.areas.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", NO_WAY_TO_CONTACT)
        return cleaned


class PartnerReferralForm(ReferralPersonForm):
    route = forms.ChoiceField(
        label="Which service are you referring from?",
        choices=[c for c in Route.choices if c[0] != Route.SELF_REFERRAL],
        error_messages={"required": "Select the service you are referring from"},
    )
    agreement_how = forms.ChoiceField(
        label="How did the person agree to this referral?",
        choices=[c for c in AgreementHow.choices if c[0] != AgreementHow.ONLINE_FORM],
        error_messages={"required": "Select how the person agreed to be referred"},
    )
    agreed = forms.BooleanField(
        label="The person has agreed to be referred and to their details being shared",
        error_messages={"required": "You can only refer someone who has agreed to it"},
    )


class ContactForm(ReferralPersonForm):
    channel = forms.ChoiceField(
        label="How did the person contact you?",
        choices=[(c.value, c.label) for c in STAFF_RECORDED_CHANNELS],
        error_messages={"required": "Select how the person contacted you"},
    )
    route = forms.ChoiceField(
        label="How did they hear about the programme?",
        choices=Route.choices,
        initial=Route.SELF_REFERRAL,
        error_messages={"required": "Select how they heard about the programme"},
    )


class ExpressionOfInterestForm(ReferralPersonForm):
    """The public form. `website` is a honeypot; `started` a signed timestamp (see decision 3)."""

    read_notice = forms.BooleanField(
        label="I have read how my information will be used (the privacy notice)",
        error_messages={"required": "Confirm you have read the privacy notice"},
    )
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = "Enter your first name"
        self.fields["last_name"].error_messages["required"] = "Enter your last name"
        self.fields["date_of_birth"].error_messages["required"] = "Enter your date of birth"
        self.fields["postcode"].error_messages["required"] = "Enter your postcode"
        self.fields["area"].label = "Which council area do you live in?"
        self.fields["area"].error_messages["required"] = "Select the council area you live in"
        self.fields["support_needs"].label = "Tell us about the support you would like (optional)"
        self.fields["support_needs"].error_messages["max_length"] = (
            "What you tell us about the support you would like must be 4,000 characters or fewer"
        )
        self.fields.pop("national_insurance_number")


class DeclineForm(GovukForm):
    nouns = {"reason": "Reason"}
    reason = forms.CharField(
        label="Why is the referral declined?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the referral is declined"},
    )
