"""JSON API for referral partners: send a referral and follow its status, as the referral pages
do. A referrer sees only the referrals they sent, and only their status: never the support
record of the person once accepted (docs/decisions/0020-permission-model.md)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from casework.access.drf import action_permission
from casework.access.permissions import Action, programmes_where
from casework.participants.api import _raise_as_api_error
from casework.programmes.models import Area, Programme
from casework.referrals import selectors, services
from casework.referrals.models import AgreementHow, Referral, ReferralStatus, Route

ReferrerAccess = action_permission(read=Action.MAKE_REFERRAL, write=Action.MAKE_REFERRAL)


class ReferralSerializer(serializers.ModelSerializer):
    """What a referrer sends, and what they get back: the person, how they agreed, and the
    referral's status (never the support record that follows)."""

    programme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.all(),
        required=False,
        help_text="The programme's slug; needed only if you refer to more than one programme.",
    )
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        help_text="ONS code of the council area the person lives in, e.g. E06000062.",
    )
    route = serializers.ChoiceField(
        choices=[c for c in Route.choices if c[0] != Route.SELF_REFERRAL]
    )
    agreement_how = serializers.ChoiceField(
        choices=[c for c in AgreementHow.choices if c[0] != AgreementHow.ONLINE_FORM],
        help_text="How the person agreed to be referred.",
    )
    status = serializers.ChoiceField(
        source="status_for_referrer",
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.LINKED],
        read_only=True,
        help_text="Waiting for a decision, accepted or declined.",
    )
    person_agreed = serializers.BooleanField(
        write_only=True,
        help_text="The person agreed to this referral and to Casework holding their details.",
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "programme",
            "area",
            "route",
            "agreement_how",
            "person_agreed",
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "postcode",
            "national_insurance_number",
            "support_needs",
            "received_at",
            "status",
            "decided_at",
        ]
        read_only_fields = ["id", "received_at", "status", "decided_at"]
        extra_kwargs = {
            # What was sent stays with the programme team: the referrer reads back the status.
            name: {"write_only": True}
            for name in (
                "email",
                "phone",
                "postcode",
                "national_insurance_number",
                "support_needs",
                "date_of_birth",
            )
        }

    def validate_person_agreed(self, agreed: bool) -> bool:
        if not agreed:
            raise serializers.ValidationError(
                "Confirm the person agreed to the referral: refer only people who agreed"
            )
        return agreed


@extend_schema_view(
    get=extend_schema(summary="The referrals you sent, with their status", tags=["referrals"]),
    post=extend_schema(summary="Refer someone to a programme", tags=["referrals"]),
)
class ReferralListCreate(generics.ListCreateAPIView):
    serializer_class = ReferralSerializer
    permission_classes = [ReferrerAccess]

    def get_queryset(self):
        return selectors.sent_by(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("person_agreed")
        programme = data.pop("programme", None) or self._only_programme()
        try:
            serializer.instance = services.submit_referral(
                actor=self.request.user, programme=programme, **data
            )
        except DjangoValidationError as error:
            _raise_as_api_error(error)

    def _only_programme(self) -> Programme:
        programmes = list(
            Programme.objects.filter(
                pk__in=programmes_where(self.request.user, Action.MAKE_REFERRAL)
            )[:2]
        )
        if len(programmes) != 1:
            raise serializers.ValidationError(
                {"programme": ["Say which programme you are referring to"]}
            )
        return programmes[0]


@extend_schema_view(get=extend_schema(summary="One referral you sent", tags=["referrals"]))
class ReferralDetail(generics.RetrieveAPIView):
    serializer_class = ReferralSerializer
    permission_classes = [ReferrerAccess]
    lookup_url_kwarg = "referral_id"

    def get_queryset(self):
        return selectors.sent_by(self.request.user)

    def get_object(self):
        super().get_object()  # 404 unless the user sent it
        return selectors.get_referral(self.request.user, self.kwargs["referral_id"])  # audited
