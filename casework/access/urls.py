from django.urls import path

from casework.access import views

app_name = "access"

urlpatterns = [
    path("access/break-glass", views.break_glass, name="break-glass"),
    path("access/break-glass/reviews", views.break_glass_reviews, name="break-glass-reviews"),
    path(
        "access/break-glass/<int:grant_id>/review",
        views.break_glass_review,
        name="break-glass-review",
    ),
]
