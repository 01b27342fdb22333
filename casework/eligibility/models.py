from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant


class Decision(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"


class EligibilityAssessment(models.Model):
    """The evidence recorded, the rules' advice at the time, and the decision a person made, with
    its author. Each assessment is kept; the latest is the one in force."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="eligibility_assessments"
    )
    assessed_on = models.DateField()
    lives_in_area = models.BooleanField()
    right_to_work = models.BooleanField()
    right_to_work_evidence = models.CharField(max_length=200, blank=True)
    on_other_dwp_programme = models.BooleanField()
    # Disability, health, offending: special category and criminal offence data, so encrypted.
    qualifying_groups = EncryptedTextField(help_text="JSON list of qualifying group keys")
    strand = models.CharField(max_length=32)
    exceptional_age_reason = models.TextField(blank=True)
    advice = EncryptedTextField(help_text="JSON list of the rules' results at the time")
    decision = models.CharField(max_length=32, choices=Decision.choices)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.assessed_on}"
