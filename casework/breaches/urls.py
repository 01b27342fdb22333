from django.urls import path

from casework.breaches import views

app_name = "breaches"

urlpatterns = [
    path("breaches/", views.breach_list, name="list"),
    path("breaches/new", views.new_breach, name="new"),
    path("breaches/from-alert/<int:alert_id>", views.from_alert, name="from-alert"),
    path("breaches/<uuid:breach_id>/", views.breach_detail, name="detail"),
    path("breaches/<uuid:breach_id>/edit", views.edit, name="edit"),
    path("breaches/<uuid:breach_id>/assess", views.assess, name="assess"),
    path("breaches/<uuid:breach_id>/decide", views.decide, name="decide"),
    path("breaches/<uuid:breach_id>/report", views.report, name="report"),
    path("breaches/<uuid:breach_id>/people", views.people, name="people"),
    path(
        "breaches/<uuid:breach_id>/people/<uuid:person_id>/letter",
        views.letter,
        name="letter",
    ),
    path("breaches/<uuid:breach_id>/controllers", views.controllers, name="controllers"),
    path("breaches/<uuid:breach_id>/close", views.close, name="close"),
]
