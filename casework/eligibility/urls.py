from django.urls import path

from casework.eligibility import views

app_name = "eligibility"

urlpatterns = [
    path(
        "participants/<uuid:participant_id>/eligibility",
        views.eligibility,
        name="eligibility",
    ),
]
