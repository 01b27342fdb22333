"""Forms parse and check the format of what was typed; the rules live in the services."""

from django import forms

from casework.core.forms import GovukForm
from casework.subjectaccess.models import Decision, Exemption


class PrepareForm(GovukForm):
    request_reference = forms.CharField(
        label="Request reference (optional)", required=False, max_length=120
    )


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="What should the person receive?",
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to release, redact or withhold this item"},
    )
    passage = forms.CharField(
        label="Passage to withhold (if redacting part of it)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exemption = forms.ChoiceField(
        label="Exemption (if withholding any of it)",
        required=False,
        choices=Exemption.choices,
    )
    reason = forms.CharField(
        label="Why it applies here (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReleaseForm(GovukForm):
    """The pack answers one access (or portability) request of the rights register: its
    reference goes with the pack, and the pack is released only once the requester's identity
    is verified on it (casework.rights.requests.identity_verified)."""

    rights_request = forms.ChoiceField(
        label="The request this pack answers",
        help_text="Access and portability requests matched to this participant. Verify the "
        "requester's identity on the request first.",
        error_messages={"required": "Choose the request this pack answers"},
    )

    def __init__(self, *args, participant, **kwargs):
        from casework.rights.models import RequestKind, RightsRequest

        super().__init__(*args, **kwargs)
        self.requests = {
            str(r.pk): r
            for r in RightsRequest.objects.filter(
                participant=participant, kind__in=(RequestKind.ACCESS, RequestKind.PORTABILITY)
            ).order_by("-received_on")
        }
        self.fields["rights_request"].choices = [
            (pk, f"{r.reference}: {_short(r)}, received {r.received_on:%d/%m/%Y}")
            for pk, r in self.requests.items()
        ]

    def chosen_request(self):
        return self.requests[self.cleaned_data["rights_request"]]


def _short(request) -> str:
    """ "Access" of "Access: a copy of their data (Article 15)", to fit the select on a phone."""
    return request.get_kind_display().split(":")[0]
