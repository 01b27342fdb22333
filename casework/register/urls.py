from django.urls import path

from casework.register import views

app_name = "register"

urlpatterns = [
    path("programmes/<slug:slug>/privacy-notice", views.notice, name="notice"),
    path("programmes/<slug:slug>/privacy-notice.pdf", views.notice_pdf_download, name="notice-pdf"),
    path(
        "programmes/<slug:slug>/privacy-notice/versions",
        views.notice_versions,
        name="notice-versions",
    ),
    path(
        "programmes/<slug:slug>/privacy-notice/v<int:number>",
        views.notice,
        name="notice-version",
    ),
    path(
        "programmes/<slug:slug>/privacy-notice/v<int:number>.pdf",
        views.notice_pdf_download,
        name="notice-version-pdf",
    ),
    path("programmes/<slug:slug>/register/who-to-tell", views.who_to_tell, name="who-to-tell"),
    *(
        path(
            f"programmes/<slug:slug>/register/record-of-processing.{fmt}",
            views.record_of_processing,
            {"fmt": fmt},
            name=f"record-of-processing-{fmt}",
        )
        for fmt in ("csv", "xlsx")
    ),
    path(
        "participants/<uuid:participant_id>/privacy-notice",
        views.notice_given,
        name="notice-given",
    ),
]
