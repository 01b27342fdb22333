from django.urls import path

from casework.complaints import views

app_name = "complaints"

urlpatterns = [
    path("programmes/<slug:slug>/complain", views.public_complaint, name="complain"),
    path("programmes/<slug:slug>/complain/sent", views.public_complaint_sent, name="complain-sent"),
    path("complaints/", views.complaint_list, name="list"),
    path("complaints/new", views.new_complaint, name="new"),
    path("complaints/<uuid:complaint_id>/", views.complaint_detail, name="detail"),
    path("complaints/<uuid:complaint_id>/acknowledge", views.acknowledge, name="acknowledge"),
    path("complaints/<uuid:complaint_id>/add", views.add_entry, name="add-entry"),
    path("complaints/<uuid:complaint_id>/close", views.close, name="close"),
    path("complaints/<uuid:complaint_id>/link", views.link, name="link"),
    path(
        "complaints/<uuid:complaint_id>/outcome-letter", views.outcome_letter, name="outcome-letter"
    ),
    path(
        "participants/<uuid:participant_id>/complaints",
        views.participant_complaints,
        name="participant",
    ),
]
