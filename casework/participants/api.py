"""JSON API for participants: the same selectors and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from casework.audit.models import Purpose
from casework.participants import selectors, services
from casework.participants.models import Gender, Participant
from casework.programmes.models import Area, Organisation, Programme
from casework.staff.models import StaffUser


class ParticipantSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", queryset=Programme.objects.all())
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    responsible_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all()
    )
    assigned_specialist = serializers.SlugRelatedField(
        slug_field="email",
        queryset=StaffUser.objects.filter(is_active=True),
        allow_null=True,
        required=False,
    )
    gender = serializers.ChoiceField(choices=Gender.choices)
    # Validated by the service (one set of rules for form and API), so no serializer validators.
    national_insurance_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20
    )
    postcode = serializers.CharField(max_length=10)

    class Meta:
        model = Participant
        fields = [
            "id",
            "programme",
            "area",
            "responsible_organisation",
            "assigned_specialist",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "national_insurance_number",
            "local_authority_identifier",
            "status",
            "referred_on",
            "enrolled_on",
            "in_work_on",
            "exited_on",
            "next_contact_on",
        ]
        read_only_fields = [
            "id",
            "status",
            "referred_on",
            "enrolled_on",
            "in_work_on",
            "exited_on",
        ]
        extra_kwargs = {"date_of_birth": {"validators": []}}


def _raise_as_api_error(error: DjangoValidationError):
    detail = (
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )
    raise ValidationError(detail) from error


@extend_schema_view(
    get=extend_schema(summary="Participants you may see", tags=["participants"]),
    post=extend_schema(summary="Add a participant", tags=["participants"]),
)
class ParticipantListCreate(generics.ListCreateAPIView):
    serializer_class = ParticipantSerializer

    def get_queryset(self):
        return selectors.list_for_api(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page:
            selectors.record_listed(self.request.user, page, purpose=Purpose.API)
        return page

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        try:
            serializer.instance = services.create_participant(
                actor=self.request.user, programme=programme, **data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)


@extend_schema_view(
    get=extend_schema(summary="One participant", tags=["participants"]),
    put=extend_schema(summary="Replace a participant's details", tags=["participants"]),
    patch=extend_schema(summary="Change some of a participant's details", tags=["participants"]),
)
class ParticipantDetail(generics.RetrieveUpdateAPIView):
    serializer_class = ParticipantSerializer
    lookup_url_kwarg = "participant_id"

    def get_object(self):
        return selectors.get_participant(
            self.request.user, self.kwargs["participant_id"], purpose=Purpose.API
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme", serializer.instance.programme)
        if programme != serializer.instance.programme:
            raise ValidationError({"programme": ["A participant cannot move to another programme"]})
        try:
            serializer.instance = services.update_participant(
                actor=self.request.user, participant=serializer.instance, **data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)
