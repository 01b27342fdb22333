"""Public pages about a programme (no sign-in, nothing about any person): the start page of each
programme, and `/`, which sends staff to the page their role works from."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from casework.programmes.models import Programme
from casework.programmes.public import public_pages
from casework.staff.landing import landing_url


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    return render(request, "programmes/home.html", {"programmes": Programme.objects.all()})


@require_GET
def start(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return render(
        request,
        "programmes/start.html",
        {"programme": programme, "pages": public_pages(programme)},
    )
