from django.urls import path

from casework.returns import views

app_name = "returns"

_p = "programmes/<slug:slug>/dwp-returns"

urlpatterns = [
    path(_p, views.returns_list, name="list"),
    path(f"{_p}/build", views.build, name="build"),
    path(f"{_p}/<uuid:build_id>", views.report, name="report"),
    path(f"{_p}/<uuid:build_id>/findings.csv", views.findings_csv, name="findings-csv"),
    path(f"{_p}/<uuid:build_id>/differences", views.differences, name="differences"),
    path(f"{_p}/<uuid:build_id>/release", views.release, name="release"),
    path(f"{_p}/released", views.released, name="released"),
    path(f"{_p}/released/<uuid:release_id>.<str:kind>", views.download, name="download"),
]
