from django import forms

from casework.core.forms import GovukForm
from casework.documents.models import DocumentKind


class DocumentForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=DocumentKind.choices,
        error_messages={"required": "Select what kind of document this is"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the document"}
    )
    source = forms.CharField(
        label="Where did the paper record come from? (for scanned paper records)",
        required=False,
        max_length=200,
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
