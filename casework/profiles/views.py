"""Pages for the vocational profile. Thin: each finds the participant through the scoped
selector (404 outside the user's scope, for every method, and the read is audited), checks the
role may change it (403), parses the form, calls one service and returns to the profile."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, has_permission, require_permission
from casework.audit.models import Purpose
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.profiles import forms, selectors, services
from casework.profiles.models import Barrier, Benefit, HealthBarrier


def _profile_url(participant, anchor: str = "") -> str:
    url = reverse("profiles:profile", args=[participant.pk])
    return f"{url}#{anchor}" if anchor else url


def _labels(keys, choices) -> list[str]:
    labels = dict(choices)
    return [labels.get(key, key) for key in keys]


@login_required
@require_GET
def profile(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    view = selectors.profile_of(request.user, participant)
    can_edit = has_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    return render(
        request,
        "profiles/profile.html",
        {
            "participant": participant,
            "view": view,
            "p": view.profile,
            "barriers": _labels(view.profile.barriers, Barrier.choices),
            "health_barriers": _labels(view.health_barriers, HealthBarrier.choices),
            "benefits": _labels(view.profile.benefits, Benefit.choices),
            "can_edit": can_edit,
        },
    )


def _editable_participant(request, participant_id):
    participant = participant_selectors.get_participant(
        request.user, participant_id, purpose=Purpose.EDITING
    )
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    return participant


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type[forms._ProfileForm]


SECTIONS = {
    "barriers": Section("barriers", "Barriers to work", forms.BarriersForm),
    "support": Section("support", "Support, caring and benefits", forms.SupportForm),
    "goals": Section("goals", "Job goals", forms.GoalsForm),
}


def _section_view(section: Section):
    @login_required
    def view(request, participant_id):
        participant = _editable_participant(request, participant_id)
        current = selectors.profile_of(request.user, participant)
        initial = {name: getattr(current.profile, name) for name in section.form_class.base_fields}
        initial["health_barriers"] = current.health_barriers
        form = section.form_class(request.POST or None, hidden=current.hidden, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.update_profile(
                    actor=request.user, participant=participant, **form.arguments()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect(_profile_url(participant, section.slug))
        return render(
            request,
            f"profiles/edit_{section.slug}.html",
            {"form": form, "participant": participant, "title": section.title},
        )

    view.__name__ = f"edit_{section.slug}"
    return view


edit_barriers = _section_view(SECTIONS["barriers"])
edit_support = _section_view(SECTIONS["support"])
edit_goals = _section_view(SECTIONS["goals"])


def _add_view(*, form_class, service, template: str, anchor: str, title: str):
    @login_required
    def view(request, participant_id):
        participant = _editable_participant(request, participant_id)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(actor=request.user, participant=participant, **form.arguments())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect(_profile_url(participant, anchor))
        return render(request, template, {"form": form, "participant": participant, "title": title})

    return view


add_employment = _add_view(
    form_class=forms.EmploymentEntryForm,
    service=services.add_employment_entry,
    template="profiles/add_employment.html",
    anchor="employment",
    title="Add a job to their employment history",
)
add_qualification = _add_view(
    form_class=forms.QualificationForm,
    service=services.add_qualification,
    template="profiles/add_qualification.html",
    anchor="qualifications",
    title="Add a qualification or course",
)


def _remove_view(*, find, remove, argument: str, anchor: str, what: str):
    """A confirmation page for removing one entry (named by `entry` in the query or the form);
    an entry that is not this participant's answers 404."""

    @login_required
    def view(request, participant_id):
        participant = _editable_participant(request, participant_id)
        entry_id = request.POST.get("entry") if request.method == "POST" else None
        entry = find(request.user, participant, entry_id or request.GET.get("entry"))
        if request.method == "POST":
            remove(actor=request.user, **{argument: entry})
            return redirect(_profile_url(participant, anchor))
        return render(
            request,
            "profiles/remove.html",
            {"participant": participant, "entry": entry, "what": what, "anchor": anchor},
        )

    return view


remove_employment = _remove_view(
    find=selectors.get_employment_entry,
    remove=services.remove_employment_entry,
    argument="entry",
    anchor="employment",
    what="job",
)
remove_qualification = _remove_view(
    find=selectors.get_qualification,
    remove=services.remove_qualification,
    argument="qualification",
    anchor="qualifications",
    what="qualification",
)
