from django import forms

from casework.consents.models import ConsentChannel
from casework.core.forms import GovukDateField
from casework.register.models import NoticeMethod


class ConsentForm(forms.Form):
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


class WithdrawForm(forms.Form):
    purpose = forms.CharField(max_length=100)
    recipient = forms.CharField(required=False, max_length=200)
    channel = forms.ChoiceField(
        label="How did they withdraw it?",
        choices=ConsentChannel.choices,
        error_messages={"required": "Select how the participant withdrew their consent"},
    )


class EnrolForm(forms.Form):
    enrolled_on = GovukDateField(label="Date of enrolment")
    notice_method = forms.ChoiceField(
        label="How was the privacy notice (Participant Information Sheet) given?",
        choices=NoticeMethod.choices,
        error_messages={"required": "Select how the privacy notice was given"},
    )

    def __init__(self, *args, offered, **kwargs):
        """One checkbox for each consent the programme offers that names no recipient (those
        are asked when one is named, on the consents page)."""
        super().__init__(*args, **kwargs)
        self.consent_keys = []
        for consent in offered:
            if not consent.names_a_recipient:
                name = f"consent__{consent.key}"
                self.fields[name] = forms.BooleanField(label=consent.label, required=False)
                self.consent_keys.append((name, consent.key))
