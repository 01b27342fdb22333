"""The data protection officer's retention pages. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action, has_permission, require_permission
from casework.access.selectors import participants_visible_to
from casework.core.forms import apply_service_errors
from casework.disposal import selectors, services
from casework.disposal.forms import HoldForm, PaperDestroyedForm, PaperFileForm
from casework.participants.selectors import get_participant

REFUSED = "Only the data protection officer manages retention."


def _require(user) -> None:
    if not selectors.can_manage_retention(user):
        raise PermissionDenied(REFUSED)


@login_required
@require_GET
def overview(request):
    _require(request.user)
    return render(
        request,
        "disposal/overview.html",
        {
            "due": selectors.due_soon(request.user),
            "dry_run": selectors.dry_run_figures(request.user),
            "holds": selectors.holds(request.user),
            "paper_files": selectors.paper_files_to_destroy(request.user),
            "destroyed": selectors.paper_files_destroyed(request.user),
            "runs": selectors.runs(request.user),
        },
    )


@login_required
def place_hold(request):
    _require(request.user)
    programmes = selectors.retention_programmes(request.user)
    first = programmes.order_by("name").first()
    form = HoldForm(
        request.POST or None,
        programmes=programmes,
        initial={"programme": first.pk if first else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = None
        if data["participant"]:
            participant = (
                participants_visible_to(request.user)
                .filter(pk=data["participant"], programme=data["programme"])
                .first()
            )
            if participant is None:
                form.add_error(
                    "participant",
                    "There is no participant with this case reference on the programme",
                )
        if form.is_valid():
            try:
                services.place_hold(
                    actor=request.user,
                    programme=data["programme"],
                    participant=participant,
                    reason=data["reason"],
                    reference=data["reference"],
                    review_on=data["review_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "The legal hold is in place.")
                return redirect(reverse("disposal:overview"))
    return render(request, "disposal/hold_form.html", {"form": form})


@login_required
@require_POST
def lift_hold(request, hold_id):
    _require(request.user)
    hold = selectors.hold_for(request.user, hold_id)
    try:
        services.lift_hold(actor=request.user, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The legal hold is lifted; the records follow their rule again.")
    return redirect(reverse("disposal:overview"))


@login_required
def paper_file_destroyed(request, paper_file_id):
    _require(request.user)
    paper = selectors.paper_file_for(request.user, paper_file_id)
    form = PaperDestroyedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_paper_file_destroyed(
                actor=request.user, paper_file=paper, method=form.cleaned_data["method"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Paper file {paper.reference} is recorded as destroyed.")
            return redirect(reverse("disposal:overview"))
    return render(request, "disposal/paper_destroyed.html", {"paper": paper, "form": form})


@login_required
@require_GET
def run(request, run_id):
    _require(request.user)
    found, tallies = selectors.run_for(request.user, run_id)
    return render(
        request,
        "disposal/run.html",
        {"run": found, "tallies": tallies, "label": selectors.record_type_label},
    )


@login_required
def paper_files(request, participant_id):
    """A participant's paper files: what is kept where, so the sweep can list each for a person
    to destroy when the retention rule says. Recording one needs the right to edit the record."""
    participant = get_participant(request.user, participant_id)
    can_record = has_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = PaperFileForm(request.POST or None)
    if request.method == "POST":
        require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
        if form.is_valid():
            try:
                services.record_paper_file(
                    actor=request.user, participant=participant, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Paper file recorded.")
                return redirect(reverse("disposal:paper-files", args=[participant.pk]))
    return render(
        request,
        "disposal/paper_files.html",
        {
            "participant": participant,
            "files": selectors.paper_files_of(participant),
            "form": form if can_record else None,
            "can_hold": selectors.can_manage_retention(request.user),
        },
    )
