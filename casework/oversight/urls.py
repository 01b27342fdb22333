from django.urls import path

from casework.oversight import views

app_name = "audit"

urlpatterns = [
    path(
        "participants/<uuid:participant_id>/access-history",
        views.access_history,
        name="access-history",
    ),
    path("audit/alerts", views.alerts, name="alerts"),
    path("audit/alerts/<int:alert_id>/review", views.review_alert, name="review-alert"),
    path("audit/report", views.report, name="report"),
]
