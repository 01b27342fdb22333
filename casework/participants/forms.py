"""Forms parse what was typed and check its format (with the same validators the model uses), so
every format problem shows at once; the rules that need the database live in the services."""

from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.participants.models import Disability, Gender, Participant
from casework.participants.services import SPECIAL_CATEGORY_FIELDS
from casework.participants.validators import (
    validate_date_of_birth,
    validate_nino,
    validate_postcode,
)
from casework.programmes.models import Area, Organisation
from casework.register.selectors import participant_fields_not_collected
from casework.staff.models import StaffUser


class PersonForm(GovukForm):
    """Who someone is and how to reach them: the fields a participant's record and a referral
    share, with the same labels and messages."""

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    date_of_birth = GovukDateField(label="Date of birth", validators=[validate_date_of_birth])
    national_insurance_number = forms.CharField(
        label="National Insurance number (optional)",
        required=False,
        max_length=20,
        validators=[validate_nino],
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter a postcode"},
        validators=[validate_postcode],
    )


class ParticipantForm(PersonForm):
    preferred_name = forms.CharField(label="Preferred name (optional)", required=False)
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        error_messages={"required": "Select how the participant describes their gender"},
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter address line 1, typically the building and street"},
    )
    address_line_2 = forms.CharField(label="Address line 2 (optional)", required=False)
    town = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": "Enter town or city"}
    )
    local_authority_identifier = forms.CharField(
        label="Local authority identifier (optional)", required=False, max_length=50
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.none(),
        error_messages={"required": "Select the area the participant lives in"},
    )
    responsible_organisation = forms.ModelChoiceField(
        label="Responsible organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select the organisation responsible for their support"},
    )
    assigned_specialist = forms.ModelChoiceField(
        label="Employment specialist", queryset=StaffUser.objects.none(), required=False
    )
    next_contact_on = GovukDateField(label="Next contact (optional)", required=False)

    # Special category data: removed from the form for roles that may not see it.
    disability = forms.ChoiceField(
        label="Do they consider themselves to be disabled? (optional)",
        choices=Disability.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    health_conditions = forms.CharField(
        label="Health conditions and disability (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    ethnicity = forms.CharField(label="Ethnicity (optional)", required=False, max_length=200)
    religion_or_belief = forms.CharField(
        label="Religion or belief (optional)", required=False, max_length=200
    )
    sexual_orientation = forms.CharField(
        label="Sexual orientation (optional)", required=False, max_length=200
    )
    offending_history = forms.CharField(
        label="Offending history (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )

    def __init__(self, *args, programme, user, show_special_category: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_special_category:
            for name in SPECIAL_CATEGORY_FIELDS:
                del self.fields[name]
        for name in participant_fields_not_collected(programme):
            self.fields.pop(name, None)
        self.programme = programme
        self.fields["area"].queryset = programme.areas.all()
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role__in=[
                "accountable_body",
                "joint_controller",
                "commissioned_provider",
            ],
        ).distinct()
        self.fields["assigned_specialist"].queryset = StaffUser.objects.filter(
            is_active=True,
            organisation=user.organisation,
            memberships__programme=programme,
            memberships__role__in=["employment_specialist", "team_leader"],
        ).distinct()

    @classmethod
    def initial_from(cls, participant: Participant) -> dict:
        return {name: getattr(participant, name) for name in cls.base_fields}


class NewParticipantForm(ParticipantForm):
    """Adding someone: as ParticipantForm, with the box to tick when the service finds someone
    with the same last name and date of birth and the user has checked it is someone else."""

    different_person = forms.BooleanField(
        label="I have checked: this is a different person with the same name and date of birth",
        required=False,
    )


class MoveForm(GovukForm):
    """Moving a participant to another area: where to, who will support them there, and why."""

    area = forms.ModelChoiceField(
        label="Which area are they moving to?",
        queryset=Area.objects.none(),
        error_messages={"required": "Select the area they are moving to"},
    )
    responsible_organisation = forms.ModelChoiceField(
        label="Which organisation will support them there?",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select the organisation that will support them"},
    )
    reason = forms.CharField(
        label="Why are they moving?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why they are moving to another area",
            "max_length": "Why they are moving must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = programme.areas.order_by("name")
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role__in=["joint_controller", "commissioned_provider"],
        ).distinct()
