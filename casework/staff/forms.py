from django import forms
from django.contrib.auth.forms import AuthenticationForm

from casework.core.forms import GovukDateField, GovukForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been disabled. Ask your team leader or administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.EmailInput()


class SecondFactorForm(GovukForm):
    token = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class TrainingRecordForm(GovukForm):
    completed_on = GovukDateField(label="Date they completed the training")
