from django.urls import path

from casework.rights import views

app_name = "rights"

urlpatterns = [
    path("programmes/<slug:slug>/ask-about-your-data", views.public_request, name="ask"),
    path(
        "programmes/<slug:slug>/ask-about-your-data/sent",
        views.public_request_sent,
        name="ask-sent",
    ),
    path("rights-requests/", views.request_list, name="list"),
    path("rights-requests/new", views.new_request, name="new"),
    path("rights-requests/<uuid:request_id>/", views.request_detail, name="detail"),
    path("rights-requests/<uuid:request_id>/match", views.match, name="match"),
    path("rights-requests/<uuid:request_id>/identity", views.verify_identity, name="identity"),
    path("rights-requests/<uuid:request_id>/pause", views.pause, name="pause"),
    path("rights-requests/<uuid:request_id>/resume", views.resume, name="resume"),
    path("rights-requests/<uuid:request_id>/extend", views.extend, name="extend"),
    path("rights-requests/<uuid:request_id>/transfer", views.transfer, name="transfer"),
    path("rights-requests/<uuid:request_id>/decide", views.decide, name="decide"),
    path("rights-requests/<uuid:request_id>/letter", views.decision_letter, name="letter"),
]
