from django.urls import path

from casework.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.start, name="start"),
]
