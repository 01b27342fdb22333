from django.urls import path

from casework.staff import views

app_name = "staff"

urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/second-factor", views.second_factor, name="second-factor"),
    path("sign-in/second-factor/set-up", views.second_factor_setup, name="second-factor-setup"),
    path("session/keep-alive", views.keep_alive, name="keep-alive"),
    path("staff/confidentiality", views.acknowledge_confidentiality, name="confidentiality"),
    path("staff/training-due", views.training_due, name="training-due"),
    path("staff/<int:user_id>/training", views.record_training, name="record-training"),
]
