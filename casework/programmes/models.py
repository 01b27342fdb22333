from django.core.exceptions import ValidationError
from django.db import models


class DeliveryModel(models.TextChoices):
    IPS = "IPS", "Individual Placement and Support (IPS)"
    SEQF = "SEQF", "Supported Employment Quality Framework (SEQF)"


class Area(models.Model):
    """A local authority geography (ONS GSS code, e.g. E06000062 West Northamptonshire)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    areas = models.ManyToManyField(Area, related_name="programmes")
    starts_on = models.DateField()
    ends_on = models.DateField()
    delivery_models = models.JSONField(
        default=list, blank=True, help_text="IPS, SEQF, both, or none (not Connect to Work)"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A delivery model is optional: not every programme is Connect to Work.
        unknown = set(self.delivery_models) - set(DeliveryModel.values)
        if unknown:
            raise ValidationError(
                {"delivery_models": "Choose IPS, SEQF or both as the delivery models, or none"}
            )
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "The programme must end after it starts"})


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    ACCOUNTABLE_BODY = "accountable_body", "Accountable body"
    JOINT_CONTROLLER = "joint_controller", "Joint controller (local authority delivery partner)"
    COMMISSIONED_PROVIDER = "commissioned_provider", "Commissioned provider (processor)"
    GOVERNMENT_DEPARTMENT = "government_department", "Government department"
    REFERRAL_PARTNER = "referral_partner", "Referral partner"


class ProgrammeOrganisation(models.Model):
    """An organisation's role in a programme. Joint controllers and commissioned providers are
    responsible for listed areas; the accountable body answers for the whole programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programme_roles"
    )
    role = models.CharField(max_length=32, choices=OrganisationRole.choices)
    areas = models.ManyToManyField(Area, blank=True, related_name="responsible_parties")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="unique_programme_party_role"
            )
        ]
        ordering = ["programme", "role", "organisation"]
        verbose_name = "organisation's role in a programme"

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()} — {self.programme}"


class Team(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="teams")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "name"], name="unique_team_name"
            )
        ]
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
