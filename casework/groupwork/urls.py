from django.urls import path

from casework.groupwork import api, views

app_name = "groupwork"

urlpatterns = [
    path("group-sessions", views.session_list, name="sessions"),
    path("group-sessions/new", views.new_session, name="new"),
    path("group-sessions/<uuid:group_session_id>", views.session_detail, name="session"),
    path("group-sessions/<uuid:group_session_id>/edit", views.edit_session, name="edit"),
    path("group-sessions/<uuid:group_session_id>/cancel", views.cancel_session, name="cancel"),
    path("group-sessions/<uuid:group_session_id>/book", views.book, name="book"),
    path("group-sessions/<uuid:group_session_id>/register", views.register, name="register"),
    path(
        "group-sessions/<uuid:group_session_id>/register/print",
        views.register_print,
        name="register-print",
    ),
    path(
        "group-sessions/<uuid:group_session_id>/register.csv",
        views.register_csv,
        name="register-csv",
    ),
    path("group-bookings/<uuid:booking_id>/cancel", views.cancel_booking, name="cancel-booking"),
    path(
        "participants/<uuid:participant_id>/group-sessions",
        views.participant_sessions,
        name="participant",
    ),
    path("api/group-sessions/", api.GroupSessionList.as_view(), name="api-sessions"),
    path(
        "api/participants/<uuid:participant_id>/group-sessions/",
        api.ParticipantGroupSessions.as_view(),
        name="api-participant",
    ),
]
