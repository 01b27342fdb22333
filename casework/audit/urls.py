from django.urls import path

from casework.audit import views

app_name = "audit"

urlpatterns = [
    path(
        "participants/<uuid:participant_id>/access-history",
        views.access_history,
        name="access-history",
    ),
]
