from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from casework.journey import api as journey_api
from casework.participants import api as participants_api
from casework.referrals import api as referrals_api
from casework.register import api as register_api
from casework.staff.views import admin_sign_in

# The admin has no sign-in page of its own: Casework's (password, lockout, second factor).
admin.site.login = admin_sign_in

journey_api_patterns = [
    path("referrals/", referrals_api.ReferralListCreate.as_view(), name="referrals"),
    path("referrals/<uuid:referral_id>/", referrals_api.ReferralDetail.as_view(), name="referral"),
    path(
        "participants/<uuid:participant_id>/appointments/",
        journey_api.ParticipantAppointments.as_view(),
        name="participant-appointments",
    ),
    path(
        "participants/<uuid:participant_id>/notes/",
        journey_api.ParticipantCaseNotes.as_view(),
        name="participant-notes",
    ),
    path(
        "participants/<uuid:participant_id>/jobs/",
        journey_api.ParticipantJobs.as_view(),
        name="participant-jobs",
    ),
    path(
        "participants/<uuid:participant_id>/milestones/",
        journey_api.ParticipantMilestones.as_view(),
        name="participant-milestones",
    ),
    path(
        "appointments/<uuid:appointment_id>/",
        journey_api.AppointmentDetail.as_view(),
        name="appointment",
    ),
    path("notes/<uuid:note_id>/", journey_api.CaseNoteDetail.as_view(), name="note"),
    path("jobs/<uuid:job_id>/", journey_api.JobDetail.as_view(), name="job"),
    path("jobs/<uuid:job_id>/end", journey_api.JobEnd.as_view(), name="job-end"),
]

api_patterns = [
    path("participants/", participants_api.ParticipantListCreate.as_view(), name="participants"),
    path(
        "participants/<uuid:participant_id>/",
        participants_api.ParticipantDetail.as_view(),
        name="participant",
    ),
    path(
        "participants/<uuid:participant_id>/move",
        participants_api.ParticipantMove.as_view(),
        name="participant-move",
    ),
    path(
        "programmes/<slug:slug>/register/",
        register_api.ProgrammeRegister.as_view(),
        name="programme-register",
    ),
    path(
        "programmes/<slug:slug>/register/fideslang",
        register_api.ProgrammeFideslang.as_view(),
        name="programme-fideslang",
    ),
    *journey_api_patterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

urlpatterns = [
    path("", include("casework.programmes.urls")),
    path("", include("casework.participants.urls")),
    path("", include("casework.journey.urls")),
    path("", include("casework.staff.urls")),
    path("", include("casework.referrals.urls")),
    path("", include("casework.documents.urls")),
    path("", include("casework.consents.urls")),
    path("", include("casework.caseloads.urls")),
    path("", include("casework.eligibility.urls")),
    path("", include("casework.profiles.urls")),
    path("", include("casework.register.urls")),
    path("", include("casework.access.urls")),
    path("", include("casework.oversight.urls")),
    path("", include("casework.reports.urls")),
    path("", include("casework.returns.urls")),
    path("", include("casework.groupwork.urls")),
    path("", include("casework.worker.urls")),
    path("", include("casework.disclosures.urls")),
    path("", include("casework.complaints.urls")),
    path("", include("casework.evaluation.urls")),
    path("", include("casework.rights.urls")),
    path("", include("casework.breaches.urls")),
    path("", include("casework.dataprotection.urls")),
    path("", include("casework.disposal.urls")),
    path("", include("casework.rights.record_urls")),
    path("", include("casework.subjectaccess.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

handler404 = "casework.core.views.not_found"
handler403 = "casework.core.views.forbidden"
handler500 = "casework.core.views.server_error"
