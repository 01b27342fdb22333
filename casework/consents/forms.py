from django import forms

from casework.consents.models import ConsentChannel
from casework.core.forms import GovukDateField, GovukForm
from casework.register.models import NoticeMethod


class ConsentForm(GovukForm):
    purpose = forms.ChoiceField(
        label="What does the participant consent to?",
        choices=(),
        error_messages={
            "required": "Select what the consent is for",
            "invalid_choice": "Select one of the consents this programme asks for",
        },
    )
    recipient = forms.CharField(
        label="Name of the employer, training provider or organisation (for sharing only)",
        required=False,
        max_length=200,
    )
    channel = forms.ChoiceField(
        label="How did they tell you?",
        choices=ConsentChannel.choices,
        error_messages={"required": "Select how the participant told you"},
    )
    decided_on = GovukDateField(label="Date (optional, today if left blank)", required=False)

    def __init__(self, *args, offered, **kwargs):
        """`offered`: the programme's consents (casework.consents.selectors.offered_consents)."""
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [(c.key, c.label) for c in offered]


class WithdrawChoiceForm(GovukForm):
    """Which consent is being withdrawn (from the button beside it). Any consent in force can be
    withdrawn, including one the programme no longer asks for."""

    purpose = forms.CharField(max_length=100)
    recipient = forms.CharField(required=False, max_length=200)


class WithdrawForm(WithdrawChoiceForm):
    """The confirmation: how the participant withdrew it, chosen by the person recording it."""

    channel = forms.ChoiceField(
        label="How did they withdraw it?",
        choices=ConsentChannel.choices,
        error_messages={"required": "Select how the participant withdrew their consent"},
    )


class EnrolForm(GovukForm):
    enrolled_on = GovukDateField(label="Date of enrolment")
    notice_method = forms.ChoiceField(
        label="How was the privacy notice (Participant Information Sheet) given?",
        choices=NoticeMethod.choices,
        error_messages={"required": "Select how the privacy notice was given"},
    )
    without_eligibility_decision = forms.BooleanField(
        label="I am enrolling them without an eligibility decision",
        error_messages={
            "required": "Record their eligibility first, or confirm you are enrolling them "
            "without an eligibility decision"
        },
    )

    def __init__(self, *args, offered, undecided: bool = False, **kwargs):
        """One checkbox for each consent the programme offers that names no recipient (those
        are asked when one is named, on the consents page); the eligibility confirmation only
        when no eligibility decision is recorded."""
        super().__init__(*args, **kwargs)
        if not undecided:
            del self.fields["without_eligibility_decision"]
        self.consent_keys = []
        for consent in offered:
            if not consent.names_a_recipient:
                name = f"consent__{consent.key}"
                self.fields[name] = forms.BooleanField(label=consent.label, required=False)
                self.consent_keys.append((name, consent.key))
