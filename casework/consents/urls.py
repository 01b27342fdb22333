from django.urls import path

from casework.consents import views

app_name = "consents"

urlpatterns = [
    path("participants/<uuid:participant_id>/consents", views.consents, name="consents"),
    path("participants/<uuid:participant_id>/consents/withdraw", views.withdraw, name="withdraw"),
    path("participants/<uuid:participant_id>/enrol", views.enrol, name="enrol"),
]
