from django.urls import path

from casework.subjectaccess import views

app_name = "subjectaccess"

urlpatterns = [
    path("participants/<uuid:participant_id>/subject-access/", views.prepare, name="prepare"),
    path("subject-access/<uuid:pack_id>/", views.pack_detail, name="pack"),
    path(
        "subject-access/<uuid:pack_id>/items/<uuid:redaction_id>",
        views.review_item,
        name="review",
    ),
    path("subject-access/<uuid:pack_id>/release", views.release, name="release"),
    path("subject-access/<uuid:pack_id>/read", views.read, name="read"),
    path("subject-access/<uuid:pack_id>/download/<str:fmt>", views.download, name="download"),
]
