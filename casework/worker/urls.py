from django.urls import path

from casework.worker import views

app_name = "worker"

urlpatterns = [path("scheduled-jobs", views.jobs, name="jobs")]
