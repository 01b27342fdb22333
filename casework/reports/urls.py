from django.urls import path

from casework.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/partners/", views.partners, name="partners"),
    path("reports/partners.csv", views.partners_csv, name="partners-csv"),
]
