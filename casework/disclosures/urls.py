from django.urls import path

from casework.disclosures import views

app_name = "disclosures"

_p = "participants/<uuid:participant_id>/disclosures"

urlpatterns = [
    path(_p, views.participant, name="participant"),
    path(f"{_p}/document", views.send_document, name="send-document"),
    path(f"{_p}/enquiry", views.enquiry, name="enquiry"),
    path(f"{_p}/referral", views.refer, name="refer"),
    path(f"{_p}/safeguarding", views.safeguarding, name="safeguarding"),
    path(
        f"{_p}/safeguarding/<uuid:record_id>",
        views.safeguarding_record,
        name="safeguarding-record",
    ),
    path(f"{_p}/statutory-request", views.statutory_request, name="statutory-request"),
    path("disclosures/approvals", views.approvals, name="approvals"),
    path("programmes/<slug:slug>/disclosures", views.log, name="log"),
    path("programmes/<slug:slug>/disclosures.csv", views.log_csv, name="log-csv"),
    path("programmes/<slug:slug>/agreements", views.agreements, name="agreements"),
    path(
        "programmes/<slug:slug>/disclosures/data-matching",
        views.data_matching,
        name="data-matching",
    ),
]
