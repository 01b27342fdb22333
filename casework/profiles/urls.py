from django.urls import path

from casework.profiles import api, views

app_name = "profiles"

_PROFILE = "participants/<uuid:participant_id>/profile"

urlpatterns = [
    path(_PROFILE, views.profile, name="profile"),
    path(f"{_PROFILE}/barriers", views.edit_barriers, name="edit_barriers"),
    path(f"{_PROFILE}/support", views.edit_support, name="edit_support"),
    path(f"{_PROFILE}/goals", views.edit_goals, name="edit_goals"),
    path(f"{_PROFILE}/employment/new", views.add_employment, name="add_employment"),
    path(f"{_PROFILE}/employment/remove", views.remove_employment, name="remove_employment"),
    path(f"{_PROFILE}/qualifications/new", views.add_qualification, name="add_qualification"),
    path(
        f"{_PROFILE}/qualifications/remove",
        views.remove_qualification,
        name="remove_qualification",
    ),
    # The JSON API lives with the rest of the API under /api/.
    path(
        "api/participants/<uuid:participant_id>/profile/",
        api.ParticipantProfile.as_view(),
        name="api-profile",
    ),
]
