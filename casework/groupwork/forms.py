"""Forms parse what was typed; the rules (end after start, places, bookings) live in
casework.groupwork.services, whose errors are put back on these fields."""

import datetime

from django import forms
from django.utils import timezone

from casework.core.forms import GovukDateField
from casework.groupwork.models import BookingStatus, SessionKind
from casework.journey.forms import _TIME, ServiceForm


def _time(value: str) -> datetime.time:
    match = _TIME.match(value)
    if not match:
        raise forms.ValidationError("Enter the time like 9:30 or 14:30")
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise forms.ValidationError("Enter a real time, like 9:30 or 14:30")
    return datetime.time(hour, minute)


class SessionForm(ServiceForm):
    programme = forms.ChoiceField(
        label="Programme", error_messages={"required": "Select the programme"}
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=SessionKind.choices,
        error_messages={"required": "Select the kind of session"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(label="Description (optional)", required=False, max_length=2000)
    date = GovukDateField(label="Date of the session")
    start_time = forms.CharField(
        label="Start time", max_length=10, error_messages={"required": "Enter the start time"}
    )
    end_time = forms.CharField(
        label="End time", max_length=10, error_messages={"required": "Enter the end time"}
    )
    online = forms.BooleanField(label="The session is online", required=False)
    location = forms.CharField(label="Where (if not online)", required=False, max_length=200)
    capacity = forms.IntegerField(
        label="Number of places",
        error_messages={
            "required": "Enter the number of places",
            "invalid": "The number of places must be a whole number, like 12",
        },
    )
    facilitator = forms.ChoiceField(label="Facilitator", required=False)

    def __init__(self, *args, programmes, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.pk): p for p in programmes}
        self.facilitators = {str(u.pk): u for u in facilitators}
        self.fields["programme"].choices = [(k, p.name) for k, p in self.programmes.items()]
        if len(self.programmes) == 1:
            self.fields["programme"].widget = forms.HiddenInput()
            self.fields["programme"].initial = next(iter(self.programmes))
        self.fields["facilitator"].choices = [
            (k, u.get_full_name() or u.email) for k, u in self.facilitators.items()
        ]

    def clean_start_time(self):
        return _time(self.cleaned_data["start_time"])

    def clean_end_time(self):
        return _time(self.cleaned_data["end_time"])

    def arguments(self) -> dict:
        data = self.cleaned_data
        day = data["date"]
        return {
            "programme": self.programmes[data["programme"]],
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "starts_at": timezone.make_aware(datetime.datetime.combine(day, data["start_time"])),
            "ends_at": timezone.make_aware(datetime.datetime.combine(day, data["end_time"])),
            "online": data["online"],
            "location": data["location"],
            "capacity": data["capacity"],
            "facilitator": self.facilitators.get(data["facilitator"] or ""),
        }


# Where a service's error on a datetime lands on this form's fields.
SESSION_ERROR_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}


def initial_for(session) -> dict:
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "programme": str(session.programme_id),
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "date": starts.date(),
        "start_time": f"{starts:%H:%M}",
        "end_time": f"{ends:%H:%M}",
        "online": session.online,
        "location": session.location,
        "capacity": session.capacity,
        "facilitator": str(session.facilitator_id or ""),
    }


class BookingForm(ServiceForm):
    participant = forms.ChoiceField(
        label="Participant", error_messages={"required": "Select a participant to book"}
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {str(p.pk): p for p in participants}
        self.fields["participant"].choices = [
            (
                k,
                f"{p.display_name} (born {p.date_of_birth:%-d %B %Y})"
                if p.date_of_birth
                else p.display_name,
            )
            for k, p in self.participants.items()
        ]
        self.fields["participant"].error_messages["invalid_choice"] = (
            "Select a participant from the list"
        )

    def arguments(self) -> dict:
        return {"participant": self.participants[self.cleaned_data["participant"]]}


class CancelSessionForm(ServiceForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=200,
        error_messages={"required": "Enter why the session is cancelled"},
    )


class CancelBookingForm(ServiceForm):
    status = forms.ChoiceField(
        label="Who cancelled?",
        choices=[
            (BookingStatus.CANCELLED_BY_PARTICIPANT, "The participant"),
            (BookingStatus.CANCELLED_BY_PROVIDER, "We did (the provider)"),
        ],
        error_messages={"required": "Select who cancelled"},
    )
