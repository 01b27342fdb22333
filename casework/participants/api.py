"""JSON API for participants: the same selectors and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from casework.access.drf import action_permission
from casework.access.permissions import Action, programmes_where
from casework.audit.models import Purpose
from casework.participants import selectors, services
from casework.participants.models import ExitReason, Gender, Participant
from casework.programmes.models import Area, Organisation, Programme
from casework.register.selectors import participant_fields_not_collected
from casework.staff.models import StaffUser

# Status moves only through explicit transitions (services.change_status), never by editing.
STATUS_FIELDS = (
    "status",
    "referred_on",
    "enrolled_on",
    "in_work_on",
    "exited_on",
    "exit_reason",
    "exit_reason_detail",
)


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
    # Required by the service where the programme collects it; absent where it does not.
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    # Blank until the participant exits: declared so the schema says so (issue 9.6).
    exit_reason = serializers.ChoiceField(
        choices=ExitReason.choices, allow_blank=True, read_only=True
    )
    # Validated by the service (one set of rules for form and API), so no serializer validators.
    national_insurance_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20
    )
    postcode = serializers.CharField(max_length=10)
    different_person = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="When adding: you checked that someone on the programme with the same last "
        "name and date of birth is a different person.",
    )

    class Meta:
        model = Participant
        fields = ["id", "programme", *services.EDITABLE_FIELDS, *STATUS_FIELDS, "different_person"]
        read_only_fields = ["id", *STATUS_FIELDS]
        extra_kwargs = {"date_of_birth": {"validators": []}}

    # Special category fields exist in this serializer only for a user whose role may see them:
    # for everyone else they are neither sent nor accepted (an unknown field is ignored), and
    # per record only where the role holds in that participant's programme.
    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    def _special_category_programmes(self) -> set[int] | None:
        """Programmes where the user may see special category data (None: no request, as when
        drf-spectacular builds the schema)."""
        user = self._user()
        if user is None:
            return None
        if "special_category_programmes" not in self.context:
            self.context["special_category_programmes"] = set(
                programmes_where(user, Action.VIEW_SPECIAL_CATEGORY)
            )
        return self.context["special_category_programmes"]

    def get_fields(self):
        fields = super().get_fields()
        if self._special_category_programmes() == set():
            for name in services.SPECIAL_CATEGORY_FIELDS:
                fields.pop(name, None)
        return fields

    def _not_collected(self, programme) -> frozenset[str]:
        """The programme's fields not collected, worked out once per programme for a whole list
        (the context is shared by every row), not once per row."""
        known = self.context.setdefault("not_collected_by_programme", {})
        if programme.pk not in known:
            known[programme.pk] = participant_fields_not_collected(programme)
        return known[programme.pk]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in self._not_collected(instance.programme):
            data.pop(name, None)
        allowed = self._special_category_programmes()
        if allowed is not None and instance.programme_id not in allowed:
            for name in services.SPECIAL_CATEGORY_FIELDS:
                data.pop(name, None)
        return data


ParticipantsAccess = action_permission(read=Action.VIEW_PARTICIPANT, write=Action.EDIT_PARTICIPANT)
ParticipantAccess = action_permission(
    read=Action.VIEW_PARTICIPANT, write=Action.EDIT_PARTICIPANT, one_object=True
)


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
    permission_classes = [ParticipantsAccess]

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
    permission_classes = [ParticipantAccess]
    lookup_url_kwarg = "participant_id"

    def get_object(self):
        participant = selectors.get_participant(
            self.request.user, self.kwargs["participant_id"], purpose=Purpose.API
        )
        self.check_object_permissions(self.request, participant)
        return participant

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("different_person", None)  # a question for adding someone only
        programme = data.pop("programme", serializer.instance.programme)
        if programme != serializer.instance.programme:
            raise ValidationError({"programme": ["A participant cannot move to another programme"]})
        try:
            serializer.instance = services.update_participant(
                actor=self.request.user, participant=serializer.instance, **data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)


class MoveSerializer(serializers.Serializer):
    """Moving a participant to another area: its own step (an edit cannot change the area)."""

    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        help_text="ONS code of the area they are moving to.",
    )
    responsible_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        help_text="The organisation that will support them there.",
    )
    reason = serializers.CharField(max_length=2000, help_text="Why they are moving.")


MoveAccess = action_permission(
    read=Action.MOVE_BETWEEN_AREAS, write=Action.MOVE_BETWEEN_AREAS, one_object=True
)


@extend_schema_view(
    post=extend_schema(
        summary="Move a participant to another area",
        tags=["participants"],
        request=MoveSerializer,
        responses={200: ParticipantSerializer},
    )
)
class ParticipantMove(generics.GenericAPIView):
    serializer_class = MoveSerializer
    permission_classes = [MoveAccess]

    def post(self, request, participant_id):
        participant = selectors.get_participant(
            request.user, participant_id, purpose=Purpose.EDITING
        )
        self.check_object_permissions(request, participant)
        incoming = MoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            participant = services.move_participant(
                actor=request.user, participant=participant, **incoming.validated_data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)
        return Response(ParticipantSerializer(participant, context={"request": request}).data)
