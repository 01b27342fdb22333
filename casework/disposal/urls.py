from django.urls import path

from casework.disposal import views

app_name = "disposal"

urlpatterns = [
    path("retention/", views.overview, name="overview"),
    path("retention/holds/new", views.place_hold, name="hold-create"),
    path("retention/holds/<int:hold_id>/lift", views.lift_hold, name="hold-lift"),
    path(
        "retention/paper-files/<int:paper_file_id>/destroyed",
        views.paper_file_destroyed,
        name="paper-file-destroyed",
    ),
    path("retention/runs/<uuid:run_id>", views.run, name="run"),
    path("participants/<uuid:participant_id>/paper-files", views.paper_files, name="paper-files"),
]
