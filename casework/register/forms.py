from django import forms

from casework.core.forms import GovukDateField, GovukForm
from casework.register.models import NoticeMethod


class NoticeGivenForm(GovukForm):
    version = forms.TypedChoiceField(
        label="Which version of the privacy notice were they given?",
        coerce=int,
        error_messages={"required": "Choose the version they were given"},
    )
    given_on = GovukDateField(label="Date they were given it")
    method = forms.ChoiceField(
        label="How were they given it?",
        choices=NoticeMethod.choices,
        error_messages={"required": "Choose how they were given it"},
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (v.number, f"Version {v.number}, published {v.loaded_at:%-d %B %Y}") for v in versions
        ]
