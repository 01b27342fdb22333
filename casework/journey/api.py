"""JSON API for appointments, case notes, jobs and milestones: the same selectors and services
as the pages. A participant (or record) outside the user's scope answers 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.journey import selectors, services
from casework.journey.models import (
    Appointment,
    AppointmentKind,
    Attendance,
    CaseNote,
    EmploymentType,
    Job,
    JobEndReason,
    Milestone,
)
from casework.journey.permissions_seam import require_permission
from casework.participants import selectors as participant_selectors
from casework.participants.api import _raise_as_api_error


class AppointmentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)
    # Blank until attendance is recorded: declared so the schema says so (issue 9.6).
    attendance = serializers.ChoiceField(
        choices=Attendance.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Appointment
        fields = ["id", "participant", "starts_at", "kind", "attendance"]
        read_only_fields = ["id", "participant", "attendance"]


class AttendanceSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=Attendance.choices)


class CaseNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="email", read_only=True)
    corrects = serializers.UUIDField(source="corrects_id", required=False, allow_null=True)

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "participant",
            "text",
            "contains_third_party_information",
            "corrects",
            "author",
            "created_at",
        ]
        read_only_fields = ["id", "participant", "author", "created_at"]


class JobSerializer(serializers.ModelSerializer):
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    # Blank while the job lasts: declared so the schema says so (issue 9.6).
    end_reason = serializers.ChoiceField(
        choices=JobEndReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "participant",
            "employer",
            "job_title",
            "employment_type",
            "hours_per_week",
            "hourly_pay",
            "started_on",
            "ended_on",
            "end_reason",
        ]
        read_only_fields = ["id", "participant", "ended_on", "end_reason"]


class JobEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=JobEndReason.choices)


class MilestoneSerializer(serializers.ModelSerializer):
    jobs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "participant", "outcome_key", "label", "achieved_on", "jobs", "evidence"]
        read_only_fields = ["id", "participant", "label", "achieved_on", "jobs", "evidence"]


class _ParticipantRecords(generics.ListCreateAPIView):
    """A list of one participant's records, and adding one: 404 if the participant is out of
    scope."""

    pagination_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        participant = self.participant()  # 404 before anything is read or validated
        if request.method == "POST":  # and 403 before anything is validated
            require_permission(request.user, "journey.record", participant.programme)

    def participant(self):
        if not hasattr(self, "_participant"):
            self._participant = participant_selectors.get_participant(
                self.request.user, self.kwargs["participant_id"]
            )
        return self._participant

    def perform_create(self, serializer):
        try:
            serializer.instance = self.create_record(dict(serializer.validated_data))
        except DjangoValidationError as error:
            _raise_as_api_error(error)


@extend_schema_view(
    get=extend_schema(summary="A participant's appointments", tags=["journey"]),
    post=extend_schema(summary="Book an appointment", tags=["journey"]),
)
class ParticipantAppointments(_ParticipantRecords):
    serializer_class = AppointmentSerializer

    def get_queryset(self):
        return selectors.appointments_of(self.request.user, self.participant())

    def create_record(self, data):
        return services.book_appointment(
            actor=self.request.user, participant=self.participant(), **data
        )


@extend_schema_view(
    get=extend_schema(summary="A participant's case notes", tags=["journey"]),
    post=extend_schema(summary="Add a case note (or a correction to one)", tags=["journey"]),
)
class ParticipantCaseNotes(_ParticipantRecords):
    serializer_class = CaseNoteSerializer

    def get_queryset(self):
        return selectors.case_notes_of(self.request.user, self.participant())

    def create_record(self, data):
        corrects_id = data.pop("corrects_id", None)
        corrects = selectors.get_case_note(self.request.user, corrects_id) if corrects_id else None
        return services.add_case_note(
            actor=self.request.user, participant=self.participant(), corrects=corrects, **data
        )


@extend_schema_view(
    get=extend_schema(summary="A participant's jobs", tags=["journey"]),
    post=extend_schema(summary="Record a job start", tags=["journey"]),
)
class ParticipantJobs(_ParticipantRecords):
    serializer_class = JobSerializer

    def get_queryset(self):
        return selectors.jobs_of(self.request.user, self.participant())

    def create_record(self, data):
        return services.record_job_start(
            actor=self.request.user, participant=self.participant(), **data
        )


@extend_schema_view(
    get=extend_schema(summary="A participant's recorded sustainment milestones", tags=["journey"]),
    post=extend_schema(
        summary="Record a milestone the participant's jobs have achieved", tags=["journey"]
    ),
)
class ParticipantMilestones(_ParticipantRecords):
    serializer_class = MilestoneSerializer

    def get_queryset(self):
        return selectors.milestones_of(self.request.user, self.participant())

    def create_record(self, data):
        return services.record_milestone(
            actor=self.request.user, participant=self.participant(), **data
        )


@extend_schema_view(
    get=extend_schema(summary="One appointment", tags=["journey"]),
    patch=extend_schema(
        summary="Record attendance", tags=["journey"], request=AttendanceSerializer
    ),
)
class AppointmentDetail(generics.RetrieveAPIView):
    serializer_class = AppointmentSerializer

    def get_object(self):
        return selectors.get_appointment(self.request.user, self.kwargs["appointment_id"])

    def patch(self, request, *args, **kwargs):
        appointment = self.get_object()
        incoming = AttendanceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            appointment = services.record_attendance(
                actor=request.user, appointment=appointment, **incoming.validated_data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)
        return Response(AppointmentSerializer(appointment).data)


@extend_schema_view(get=extend_schema(summary="One case note", tags=["journey"]))
class CaseNoteDetail(generics.RetrieveAPIView):
    serializer_class = CaseNoteSerializer

    def get_object(self):
        return selectors.get_case_note(self.request.user, self.kwargs["note_id"])


@extend_schema_view(get=extend_schema(summary="One job", tags=["journey"]))
class JobDetail(generics.RetrieveAPIView):
    serializer_class = JobSerializer

    def get_object(self):
        return selectors.get_job(self.request.user, self.kwargs["job_id"])


class JobEnd(APIView):
    @extend_schema(
        summary="Record the end of a job",
        tags=["journey"],
        request=JobEndSerializer,
        responses=JobSerializer,
    )
    def post(self, request, job_id):
        job = selectors.get_job(request.user, job_id)
        require_permission(request.user, "journey.record", job.participant.programme)
        incoming = JobEndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            job = services.record_job_end(actor=request.user, job=job, **incoming.validated_data)
        except DjangoValidationError as error:
            _raise_as_api_error(error)
        return Response(JobSerializer(job).data, status=status.HTTP_200_OK)
