"""JSON API for the processing register. Public, like the privacy notice: a register version
describes a programme, never a person."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.register import fides, selectors
from casework.register.config import config_from_json
from casework.register.models import RegisterVersion


class RegisterVersionSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = RegisterVersion
        fields = ["programme", "number", "loaded_at", "content_hash", "changes", "config"]


class ProgrammeRegister(APIView):
    """The current register version of a programme (or ?version=N)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=RegisterVersionSerializer)
    def get(self, request, slug):
        number = request.query_params.get("version")
        version = selectors.published_version(
            slug, int(number) if number and number.isdigit() else None
        )
        return Response(RegisterVersionSerializer(version).data)


class ProgrammeFideslang(APIView):
    """The current register as a fideslang manifest."""

    permission_classes = [AllowAny]

    @extend_schema(responses=dict)
    def get(self, request, slug):
        version = selectors.published_version(slug)
        return Response(fides.manifest(config_from_json(version.config)))
