from django.urls import path

from casework.evaluation import views

app_name = "evaluation"

_p = "programmes/<slug:slug>/evaluation"

urlpatterns = [
    path(_p, views.extract_list, name="list"),
    path(f"{_p}/new", views.build, name="build"),
    path(f"{_p}/<uuid:extract_id>", views.report, name="report"),
    path(f"{_p}/<uuid:extract_id>/rebuild", views.rebuild, name="rebuild"),
    path(f"{_p}/<uuid:extract_id>/release", views.release, name="release"),
    path(f"{_p}/<uuid:extract_id>/download", views.download, name="download"),
]
