from django.urls import path

from casework.referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new", views.new_referral, name="new"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("referrals/<uuid:referral_id>/accept", views.accept, name="accept"),
    path("referrals/<uuid:referral_id>/link", views.link, name="link"),
    path("referrals/<uuid:referral_id>/decline", views.decline, name="decline"),
    path(
        "programmes/<slug:slug>/expression-of-interest",
        views.expression_of_interest,
        name="interest",
    ),
    path(
        "programmes/<slug:slug>/expression-of-interest/sent",
        views.interest_sent,
        name="interest-sent",
    ),
]
