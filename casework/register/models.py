from django.conf import settings
from django.db import models

from casework.programmes.models import Programme


class RegisterVersion(models.Model):
    """One version of a programme's processing register: the normalised configuration as it was
    loaded. A new version is stored only when the content changes; its privacy notice is
    generated from `config`."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    config = models.JSONField()
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()
    source_file = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=list, help_text="What changed from the previous version")
    added_recipients = models.JSONField(default=list)
    added_purposes = models.JSONField(default=list)
    changed_recipients = models.JSONField(
        default=list, help_text="Recipients whose sharing changed from the previous version"
    )

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_version_number")
        ]
        get_latest_by = "number"

    def __str__(self) -> str:
        return f"{self.programme} register v{self.number}"


class NoticeMethod(models.TextChoices):
    PAPER = "paper", "Participant Information Sheet on paper, signed"
    FACE_TO_FACE = "face_to_face", "Read through face to face"
    EMAIL = "email", "Sent by email"
    LETTER = "letter", "Sent by post"
    ONLINE = "online", "Read online when applying"
    TELEPHONE = "telephone", "Read out by telephone"


class NoticeAcknowledgement(models.Model):
    """A participant was given a version of the programme's privacy notice (the Participant
    Information Sheet acknowledgement): which version, when and how."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="notices_given"
    )
    version = models.ForeignKey(
        RegisterVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    given_on = models.DateField()
    method = models.CharField(max_length=16, choices=NoticeMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "-given_on"]
        indexes = [models.Index(fields=["participant", "version"])]

    def __str__(self) -> str:
        return f"Notice v{self.version.number} given on {self.given_on}"
