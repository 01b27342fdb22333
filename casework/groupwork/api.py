"""JSON API (read): the group sessions the user may see, and one participant's bookings on
them. The same selectors as the pages; a participant outside the user's scope answers 404 and
reading their bookings is audited with the participant."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from casework.access.drf import action_permission
from casework.access.permissions import Action
from casework.audit.models import Purpose
from casework.groupwork import selectors
from casework.groupwork.models import HOLDS_A_PLACE, GroupBooking, GroupSession
from casework.participants import selectors as participant_selectors


class GroupSessionSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    facilitator = serializers.SlugRelatedField(slug_field="email", read_only=True)
    places_taken = serializers.IntegerField(read_only=True)
    cancelled = serializers.BooleanField(source="is_cancelled", read_only=True)

    class Meta:
        model = GroupSession
        fields = [
            "id",
            "programme",
            "organisation",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "online",
            "location",
            "capacity",
            "places_taken",
            "facilitator",
            "cancelled",
            "cancellation_reason",
        ]
        read_only_fields = fields


class GroupBookingSerializer(serializers.ModelSerializer):
    session = GroupSessionSerializer(read_only=True)

    class Meta:
        model = GroupBooking
        fields = ["id", "participant", "session", "status", "signed_in_at"]
        read_only_fields = fields


@extend_schema_view(
    get=extend_schema(summary="Group sessions you may see", tags=["group sessions"]),
)
class GroupSessionList(generics.ListAPIView):
    """Sessions carry no participant's data: only a count of places taken."""

    serializer_class = GroupSessionSerializer
    permission_classes = [
        action_permission(read=Action.VIEW_PARTICIPANT, write=Action.VIEW_PARTICIPANT)
    ]

    def get_queryset(self):
        return selectors.sessions_for_api(self.request.user).annotate(
            places_taken=Count("bookings", filter=Q(bookings__status__in=HOLDS_A_PLACE))
        )


@extend_schema_view(
    get=extend_schema(
        summary="A participant's bookings and attendance at group sessions",
        tags=["group sessions"],
    ),
)
class ParticipantGroupSessions(generics.ListAPIView):
    serializer_class = GroupBookingSerializer
    pagination_class = None

    def get_queryset(self):
        participant = participant_selectors.get_participant(
            self.request.user, self.kwargs["participant_id"], purpose=Purpose.API
        )
        bookings = selectors.attendances_of(self.request.user, participant)
        counts = dict(
            GroupBooking.objects.filter(
                session__in=[b.session_id for b in bookings], status__in=HOLDS_A_PLACE
            )
            .values_list("session_id")
            .annotate(n=Count("id"))
        )
        for booking in bookings:
            booking.session.places_taken = counts.get(booking.session_id, 0)
        return bookings
