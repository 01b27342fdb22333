"""JSON API for the vocational profile: the same selectors and services as the pages. A
participant outside the user's scope answers 404; a role that may not change it, 403. Special
category parts (health and disability barriers, a criminal record, more about barriers) are
neither sent nor accepted for roles that may not see them, nor parts the programme does not
collect: a field left out of a PUT is left as it is."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.access.drf import action_permission
from casework.access.permissions import Action
from casework.audit.models import Purpose
from casework.participants import selectors as participant_selectors
from casework.participants.api import _raise_as_api_error
from casework.profiles import selectors, services
from casework.profiles.models import (
    Barrier,
    Benefit,
    EmploymentHistoryEntry,
    HealthBarrier,
    Qualification,
    QualificationLevel,
    ReasonLeft,
    TravelDistance,
    YesNo,
)


class EmploymentEntrySerializer(serializers.ModelSerializer):
    reason_left = serializers.ChoiceField(
        choices=ReasonLeft.choices, allow_blank=True, required=False
    )

    class Meta:
        model = EmploymentHistoryEntry
        fields = ["id", *services.EMPLOYMENT_FIELDS]
        read_only_fields = ["id"]


class QualificationSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=QualificationLevel.choices)

    class Meta:
        model = Qualification
        fields = ["id", *services.QUALIFICATION_FIELDS]
        read_only_fields = ["id"]


def _yes_no():
    return serializers.ChoiceField(choices=YesNo.choices, allow_blank=True, required=False)


def _choices(choices):
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), required=False)


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


class ProfileSerializer(serializers.Serializer):
    """The whole profile. In a PUT, a field left out is unchanged; `employment_history` and
    `qualifications`, when given, replace the lists (entries' ids are new)."""

    barriers = _choices(Barrier.choices)
    health_barriers = _choices(HealthBarrier.choices)
    criminal_record_barrier = _yes_no()
    barriers_detail = _text(max_length=services.MAX_TEXT)
    support_received = _text(max_length=services.MAX_TEXT)
    caring_responsibilities = _yes_no()
    caring_detail = _text(max_length=services.MAX_TEXT)
    benefits = _choices(Benefit.choices)
    work_wanted = _text(max_length=500)
    hours_wanted = serializers.IntegerField(required=False, allow_null=True)
    travel_distance = serializers.ChoiceField(
        choices=TravelDistance.choices, allow_blank=True, required=False
    )
    employment_history = EmploymentEntrySerializer(many=True, required=False)
    qualifications = QualificationSerializer(many=True, required=False)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in self.context.get("hidden", ()):
            fields.pop(name, None)
        return fields

    def to_representation(self, instance):
        if isinstance(instance, selectors.ProfileView):
            values = {name: getattr(instance.profile, name) for name in services.PROFILE_FIELDS}
            values["health_barriers"] = instance.health_barriers
            instance = SimpleNamespace(
                **values,
                employment_history=instance.employment_history,
                qualifications=instance.qualifications,
                updated_at=instance.profile.updated_at,
            )
        return super().to_representation(instance)


ProfileAccess = action_permission(
    read=Action.VIEW_PARTICIPANT, write=Action.EDIT_PARTICIPANT, one_object=True
)


class ParticipantProfile(APIView):
    permission_classes = [ProfileAccess]

    def _participant(self, request, participant_id, purpose):
        participant = participant_selectors.get_participant(
            request.user, participant_id, purpose=purpose
        )
        self.check_object_permissions(request, participant)
        return participant

    def _response(self, request, participant):
        view = selectors.profile_of(request.user, participant)
        return Response(ProfileSerializer(view, context={"hidden": view.hidden}).data)

    @extend_schema(
        summary="A participant's vocational profile", tags=["profiles"], responses=ProfileSerializer
    )
    def get(self, request, participant_id):
        return self._response(request, self._participant(request, participant_id, Purpose.API))

    @extend_schema(
        summary="Change a participant's vocational profile",
        tags=["profiles"],
        request=ProfileSerializer,
        responses=ProfileSerializer,
    )
    def put(self, request, participant_id):
        participant = self._participant(request, participant_id, Purpose.EDITING)
        hidden = selectors.hidden_fields(request.user, participant)
        incoming = ProfileSerializer(data=request.data, context={"hidden": hidden})
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        employment_history = changes.pop("employment_history", None)
        qualifications = changes.pop("qualifications", None)
        try:
            services.replace_profile(
                actor=request.user,
                participant=participant,
                changes=changes,
                employment_history=[dict(row) for row in employment_history]
                if employment_history is not None
                else None,
                qualifications=[dict(row) for row in qualifications]
                if qualifications is not None
                else None,
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)
        return self._response(request, participant)
