from django import forms

from casework.consents.models import ConsentChannel, ConsentPurpose
from casework.core.forms import GovukDateField, GovukForm
from casework.register.models import NoticeMethod


class ConsentForm(GovukForm):
    purpose = forms.ChoiceField(
        label="What does the participant consent to?",
        choices=ConsentPurpose.choices,
        error_messages={"required": "Select what the consent is for"},
    )
    recipient = forms.CharField(
        label="Name of the employer or training provider (for sharing only)",
        required=False,
        max_length=200,
    )
    channel = forms.ChoiceField(
        label="How did they tell you?",
        choices=ConsentChannel.choices,
        error_messages={"required": "Select how the participant told you"},
    )
    decided_on = GovukDateField(label="Date (optional, today if left blank)", required=False)


class WithdrawChoiceForm(GovukForm):
    """Which consent is being withdrawn (from the button beside it)."""

    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
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
    evaluation_contact = forms.BooleanField(
        label=ConsentPurpose.EVALUATION_CONTACT.label, required=False
    )
    marketing = forms.BooleanField(label=ConsentPurpose.MARKETING.label, required=False)
    without_eligibility_decision = forms.BooleanField(
        label="I am enrolling them without an eligibility decision",
        error_messages={
            "required": "Record their eligibility first, or confirm you are enrolling them "
            "without an eligibility decision"
        },
    )

    def __init__(self, *args, undecided: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not undecided:  # asked only when no eligibility decision is recorded
            del self.fields["without_eligibility_decision"]
