from django.urls import path

from casework.documents import views

app_name = "documents"

urlpatterns = [
    path("participants/<uuid:participant_id>/documents/", views.document_list, name="list"),
    path("participants/<uuid:participant_id>/documents/new", views.add, name="add"),
    path(
        "participants/<uuid:participant_id>/documents/<uuid:document_id>",
        views.download,
        name="download",
    ),
]
