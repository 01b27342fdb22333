from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from casework.participants import api as participants_api

api_patterns = [
    path("participants/", participants_api.ParticipantListCreate.as_view(), name="participants"),
    path(
        "participants/<uuid:participant_id>/",
        participants_api.ParticipantDetail.as_view(),
        name="participant",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

urlpatterns = [
    path("", include("casework.participants.urls")),
    path("", include("casework.staff.urls")),
    path("", include("casework.audit.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

handler404 = "casework.core.views.not_found"
handler403 = "casework.core.views.forbidden"
handler500 = "casework.core.views.server_error"
