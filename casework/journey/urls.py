from django.urls import path

from casework.journey import views

app_name = "journey"

urlpatterns = [
    path("participants/<uuid:participant_id>/timeline", views.timeline, name="timeline"),
    path(
        "participants/<uuid:participant_id>/appointments/new",
        views.add_appointment,
        name="add_appointment",
    ),
    path(
        "appointments/<uuid:appointment_id>/attendance",
        views.record_attendance,
        name="record_attendance",
    ),
    path("participants/<uuid:participant_id>/notes/new", views.add_case_note, name="add_note"),
    path("participants/<uuid:participant_id>/jobs/new", views.add_job, name="add_job"),
    path("jobs/<uuid:job_id>/end", views.end_job, name="end_job"),
    path("jobs/<uuid:job_id>/support/new", views.add_in_work_support, name="add_support"),
    path(
        "participants/<uuid:participant_id>/placements/new",
        views.add_work_placement,
        name="add_placement",
    ),
    path("participants/<uuid:participant_id>/exit", views.exit_participant, name="exit"),
    path("participants/<uuid:participant_id>/re-engage", views.re_engage, name="re_engage"),
    path("participants/<uuid:participant_id>/goals/new", views.add_goal, name="add_goal"),
    path("goals/<uuid:goal_id>/steps/new", views.add_action_step, name="add_step"),
    path("steps/<uuid:step_id>/done", views.complete_action_step, name="complete_step"),
    path(
        "participants/<uuid:participant_id>/milestones",
        views.record_milestone,
        name="record_milestone",
    ),
]
