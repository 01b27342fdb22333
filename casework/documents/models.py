import uuid

from django.conf import settings
from django.db import models

from casework.participants.models import Participant


class DocumentKind(models.TextChoices):
    CV = "cv", "CV"
    APPLICATION_FORM = "application_form", "Application form"
    EVIDENCE = "evidence", "Evidence (for example of eligibility or a job outcome)"
    SCANNED_PAPER_RECORD = "scanned_paper_record", "Scanned paper record"
    OTHER = "other", "Other"


class Document(models.Model):
    """A file kept for a participant. The content is encrypted in the document store, outside the
    web root (casework.documents.storage); it is served only through the access check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    source = models.CharField("where the paper record came from", max_length=200, blank=True)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title
