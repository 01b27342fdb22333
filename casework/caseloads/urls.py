from django.urls import path

from casework.caseloads import views

app_name = "caseloads"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/<int:user_id>/", views.specialist, name="specialist"),
]
