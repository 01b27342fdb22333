"""Forms parse what was typed and check its format; the rules (ranges, dates in the right order,
closed cases) live in casework.journey.services, whose errors are put back on these fields."""

import datetime
import re

from django import forms
from django.utils import timezone

from casework.core.forms import GovukDateField, GovukForm
from casework.journey.models import (
    AppointmentKind,
    Attendance,
    ContactChannel,
    EmploymentType,
    JobEndReason,
    PlacementKind,
)
from casework.participants.models import ExitReason

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)


class ServiceForm(GovukForm):
    """A form whose cleaned data are the keyword arguments of one service call."""

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


def _choice(label: str, choices, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, error_messages={"required": message})


def _number(label: str, message: str, example: str) -> forms.DecimalField:
    invalid = f"{label} must be a number, like {example}"
    return forms.DecimalField(
        label=label,
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": message,
            "invalid": invalid,
            "max_digits": invalid,
            "max_decimal_places": f"{label} can have no more than 2 decimal places",
            "max_whole_digits": invalid,
        },
    )


class AppointmentForm(ServiceForm):
    date = GovukDateField(label="Date of the appointment")
    time = forms.CharField(
        label="Time", max_length=10, error_messages={"required": "Enter the time"}
    )
    kind = _choice("Kind of appointment", AppointmentKind.choices, "Select the kind of appointment")

    def clean_time(self) -> datetime.time:
        match = _TIME.match(self.cleaned_data["time"])
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

    def arguments(self) -> dict:
        starts_at = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return {"starts_at": timezone.make_aware(starts_at), "kind": self.cleaned_data["kind"]}


class AttendanceForm(ServiceForm):
    attendance = _choice("What happened?", Attendance.choices, "Select what happened")


class CaseNoteForm(ServiceForm):
    text = forms.CharField(
        label="Note", max_length=10000, error_messages={"required": "Enter the note"}
    )
    contains_third_party_information = forms.BooleanField(
        label="This note contains information about someone else", required=False
    )


class JobStartForm(ServiceForm):
    employer = forms.CharField(
        label="Employer", max_length=200, error_messages={"required": "Enter the employer"}
    )
    job_title = forms.CharField(
        label="Job title", max_length=200, error_messages={"required": "Enter the job title"}
    )
    employment_type = _choice("Type of work", EmploymentType.choices, "Select the type of work")
    hours_per_week = _number("Hours per week", "Enter the hours per week", "16 or 22.5")
    hourly_pay = _number("Hourly pay", "Enter the hourly pay", "12.60")
    started_on = GovukDateField(label="Start date")


class JobEndForm(ServiceForm):
    ended_on = GovukDateField(label="End date")
    end_reason = _choice("Why did the job end?", JobEndReason.choices, "Select why the job ended")


class ExitForm(ServiceForm):
    reason = _choice("Why are they leaving?", ExitReason.choices, "Select why they are leaving")
    reason_detail = forms.CharField(label="Other reason", max_length=200, required=False)
    on = GovukDateField(label="Date they left")


class GoalForm(ServiceForm):
    description = forms.CharField(
        label="Goal", max_length=500, error_messages={"required": "Enter the goal"}
    )


class ActionStepForm(ServiceForm):
    description = forms.CharField(
        label="Step", max_length=500, error_messages={"required": "Enter the step"}
    )
    due_on = GovukDateField(label="Due date")


class ReEngageForm(ServiceForm):
    on = GovukDateField(label="Date they came back")


class InWorkSupportForm(ServiceForm):
    contacted_on = GovukDateField(label="Date of contact")
    channel = _choice("How", ContactChannel.choices, "Select how the contact happened")
    with_employer = forms.BooleanField(label="The contact was with the employer", required=False)
    summary = forms.CharField(
        label="Support given",
        max_length=5000,
        error_messages={"required": "Enter the support given"},
    )


class WorkPlacementForm(ServiceForm):
    kind = _choice("Kind", PlacementKind.choices, "Select volunteering or work experience")
    organisation = forms.CharField(
        label="Organisation", max_length=200, error_messages={"required": "Enter the organisation"}
    )
    role = forms.CharField(label="Role (optional)", max_length=200, required=False)
    hours_per_week = _number("Hours per week", "Enter the hours per week", "6 or 7.5")
    started_on = GovukDateField(label="Start date")
    ended_on = GovukDateField(label="End date (optional)", required=False)
