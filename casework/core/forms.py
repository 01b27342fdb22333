"""Form helpers for GOV.UK Design System pages."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

DATE_PARTS = ("day", "month", "year")
MONTH_YEAR_PARTS = ("month", "year")


def field_noun(form, name: str, field) -> str:
    """How an error message names a field: the form's `nouns` entry, else its label without
    "(optional)" (GOV.UK: "Reason must be 2,000 characters or fewer")."""
    noun = getattr(form, "nouns", {}).get(name)
    if noun:
        return noun
    label = str(field.label or name.replace("_", " ")).strip()
    if label.endswith("(optional)"):
        label = label[: -len("(optional)")].strip()
    return capfirst(label)


def govuk_length_messages(form) -> None:
    """Length errors in GOV.UK style, naming the field, for every text field of the form whose
    author has not written their own (instead of Django's "Ensure this value has at most ...")."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        noun = field_noun(form, name, field).replace("%", "%%")
        if field.max_length is not None and "max_length" not in field.error_messages:
            field.error_messages["max_length"] = (
                f"{noun} must be {field.max_length:,} characters or fewer"
            )
        if field.min_length is not None and "min_length" not in field.error_messages:
            field.error_messages["min_length"] = (
                f"{noun} must be {field.min_length:,} characters or more"
            )


class GovukForm(forms.Form):
    """The base of Casework's forms: GOV.UK error messages that name the field. A form may map
    field names to the words its messages use in `nouns`."""

    nouns: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_length_messages(self)


class DatePartsWidget(forms.Widget):
    """Reads the boxes of the GOV.UK date input: NAME-day, NAME-month, NAME-year (or some)."""

    def __init__(self, parts=DATE_PARTS, attrs=None):
        super().__init__(attrs)
        self.parts = parts

    def value_from_datadict(self, data, files, name):
        return {part: (data.get(f"{name}-{part}") or "").strip() for part in self.parts}

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}-{part}" not in data for part in self.parts)


class GovukDateField(forms.Field):
    """A date typed into the GOV.UK date input, with the Design System's error messages."""

    parts = DATE_PARTS
    what = "date"

    def __init__(self, *, label: str, **kwargs):
        self.noun = label[0].lower() + label[1:]
        kwargs.setdefault("widget", DatePartsWidget(self.parts))
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter {self.noun}"

    def to_python(self, value):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        if not any(value.values()):
            return None
        missing = [part for part in self.parts if not value[part]]
        subject = capfirst(self.noun)
        if missing:
            raise ValidationError(f"{subject} must include a {' and a '.join(missing)}")
        if not all(value[part].isdigit() for part in self.parts):
            raise ValidationError(f"{subject} must be a real {self.what}, in numbers")
        if len(value["year"]) != 4:
            raise ValidationError("Year must include 4 numbers")
        if "day" not in self.parts and not 1 <= int(value["month"]) <= 12:
            raise ValidationError("Month must be a number from 1 to 12")
        try:
            return datetime.date(int(value["year"]), int(value["month"]), int(value.get("day", 1)))
        except ValueError:
            raise ValidationError(f"{subject} must be a real {self.what}") from None


class GovukMonthYearField(GovukDateField):
    """A month and year, as the first day of that month: for dates people remember only to the
    month, such as when a past job started."""

    parts = MONTH_YEAR_PARTS
    what = "month and year"


def date_parts(bound_field) -> dict[str, str]:
    """The values to show in a GOV.UK date input: what was typed, or the stored date."""
    parts = bound_field.field.parts
    if bound_field.form.is_bound:
        return bound_field.field.widget.value_from_datadict(
            bound_field.form.data, None, bound_field.html_name
        )
    value = bound_field.value()
    if isinstance(value, datetime.date):
        stored = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {part: stored[part] for part in parts}
    return dict.fromkeys(parts, "")


def error_anchor(bound_field) -> str:
    if isinstance(bound_field.field, GovukDateField):
        return f"#{bound_field.html_name}-{bound_field.field.parts[0]}"
    return f"#{bound_field.html_name}"


def error_summary(form) -> list[dict[str, str]]:
    """The GOV.UK error summary's list: each error links to its field."""
    items = [{"text": str(e), "href": "#main-content"} for e in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            items.append({"text": str(message), "href": error_anchor(bound)})
    return items


def apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields, so each message shows by its field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
