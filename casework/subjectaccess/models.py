"""A subject access pack (UK GDPR Art 15): a draft the DPO prepares for one participant, the
redaction review of its third-party items, and the release to the person. What was released is
kept (encrypted) so the DPO can give the same pack again and show what the person received."""

import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant


class PackStatus(models.TextChoices):
    DRAFT = "draft", "Draft: under review"
    RELEASED = "released", "Released to the person"


class Decision(models.TextChoices):
    PENDING = "pending", "Not reviewed yet"
    RELEASED = "released", "Released in full"
    REDACTED = "redacted", "Released with a passage withheld"
    WITHHELD = "withheld", "Withheld in full"


class Exemption(models.TextChoices):
    """Why information is withheld from a subject access pack, in the law's words."""

    THIRD_PARTY = (
        "third_party",
        "Information about another person who has not consented and whom it would not be "
        "reasonable to name (DPA 2018 Schedule 2 Part 3 paragraph 16)",
    )
    SERIOUS_HARM = (
        "serious_harm",
        "Health, social work or education data whose release would be likely to cause serious "
        "harm (DPA 2018 Schedule 3)",
    )
    CRIME = (
        "crime",
        "Release would be likely to prejudice the prevention or detection of crime "
        "(DPA 2018 Schedule 2 Part 1 paragraph 2)",
    )
    LEGAL_PRIVILEGE = (
        "legal_privilege",
        "Legal professional privilege (DPA 2018 Schedule 2 Part 4 paragraph 19)",
    )
    MANAGEMENT = (
        "management",
        "Management forecasting or planning (DPA 2018 Schedule 2 Part 4 paragraph 22)",
    )
    NEGOTIATIONS = (
        "negotiations",
        "Negotiations with the person (DPA 2018 Schedule 2 Part 4 paragraph 23)",
    )
    CONFIDENTIAL_REFERENCE = (
        "confidential_reference",
        "A confidential reference given by the controller (DPA 2018 Schedule 2 Part 4 "
        "paragraph 24)",
    )


class SubjectAccessPack(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="subject_access_packs"
    )
    request_reference = models.CharField("request reference", max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=PackStatus.choices, default=PackStatus.DRAFT)
    # The moment the pack gives an account of (everything recorded up to then).
    as_of = models.DateTimeField("account of the record up to")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField()
    identity_verified = models.BooleanField("identity verified before release", default=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    formats = models.JSONField("formats given", default=list, blank=True)
    # The released pack (its JSON form), so the same pack can be given again; and its SHA-256.
    content = EncryptedTextField("the released pack", blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subject_access_pack",
    )

    class Meta:
        ordering = ["-prepared_at"]

    def __str__(self) -> str:
        return f"Subject access pack of {self.prepared_at:%Y-%m-%d} ({self.get_status_display()})"


class PackRedaction(models.Model):
    """One third-party item of a pack (a note flagged as holding another person's information,
    a document supplied by someone else) and the DPO's decision on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pack = models.ForeignKey(SubjectAccessPack, on_delete=models.CASCADE, related_name="redactions")
    # The item, as the pack names it ("journey.CaseNote:<id>"), and its title in the pack.
    item_key = models.CharField(max_length=120)
    item_title = models.CharField(max_length=200)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    # The passage withheld (a redaction of part of the item), encrypted like the note itself.
    passage = EncryptedTextField("passage withheld", blank=True)
    exemption = models.CharField(max_length=32, choices=Exemption.choices, blank=True)
    reason = EncryptedTextField("why it is withheld", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item_key"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "item_key"], name="one_decision_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_title}: {self.get_decision_display()}"
