from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from casework.programmes.models import Organisation, Programme, Team


class StaffUserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A staff user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class StaffUser(AbstractUser):
    """Someone who signs in to Casework. Belongs to one organisation and holds a role in each
    programme they work on (Membership)."""

    username = None
    email = models.EmailField("email address", unique=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    # Trained and bound (the privacy notices' promise): without current data protection
    # training and an acknowledged confidentiality statement, no personal data page opens
    # (casework.staff.middleware.TrainingGateMiddleware).
    data_protection_training_completed_on = models.DateField(
        "data protection training completed on", null=True, blank=True
    )
    data_protection_training_expires_on = models.DateField(
        "data protection training expires on", null=True, blank=True
    )
    confidentiality_acknowledged_at = models.DateTimeField(
        "confidentiality statement acknowledged at", null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = StaffUserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "staff user"
        # The team caseloads page reads specialists a page at a time in this order (0220).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="staff_name_order")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    EMPLOYMENT_SPECIALIST = "employment_specialist", "Employment specialist"
    TEAM_LEADER = "team_leader", "Team leader"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    AUDITOR = "auditor", "Read-only auditor"
    REFERRER = "referrer", "Referrer"
    REPORT_ONLY = "report_only", "Report-only (DWP or evaluator)"


# Roles whose view of participants is limited to the people assigned to them.
CASELOAD_BOUND_ROLES = frozenset({Role.EMPLOYMENT_SPECIALIST})
# Roles whose view is limited to their team's caseloads (and unassigned participants).
TEAM_BOUND_ROLES = frozenset({Role.TEAM_LEADER})
# What each role may do is decided in one place: casework.access.permissions.


class Membership(models.Model):
    user = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="memberships")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="one_role_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.programme}"
