from django.urls import path

from casework.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("data-protection/", views.home, name="home"),
    path("data-protection/reports", views.reports, name="reports"),
]
