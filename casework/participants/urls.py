from django.urls import path

from casework.participants import views

app_name = "participants"

urlpatterns = [
    path("caseload", views.caseload, name="caseload"),
    path("participants/search", views.search, name="search"),
    path("participants/search/<str:search_id>", views.search_results, name="search-results"),
    path("participants/new", views.create, name="create"),
    path("participants/<uuid:participant_id>/", views.detail, name="detail"),
    path("participants/<uuid:participant_id>/edit", views.edit, name="edit"),
    path("participants/<uuid:participant_id>/move", views.move, name="move"),
]
