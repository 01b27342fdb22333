from django.urls import path

from casework.rights import record_views as views

app_name = "rights_record"

_p = "participants/<uuid:participant_id>/rights"

urlpatterns = [
    path(_p, views.overview, name="overview"),
    path(f"{_p}/correct/<slug:field>", views.correct, name="correct"),
    path(f"{_p}/statement/<slug:field>", views.statement, name="statement"),
    path(f"{_p}/restrict", views.restrict, name="restrict"),
    path(f"{_p}/lift", views.lift, name="lift"),
    path(f"{_p}/objections/new", views.record_objection, name="object"),
    path(f"{_p}/objections/<int:objection_id>", views.decide_objection, name="decide"),
]
