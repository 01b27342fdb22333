"""The audit trail: one row per read of personal data, change, sign-in, denial, export or
disclosure. Rows are only ever inserted (PostgreSQL triggers reject UPDATE, DELETE and TRUNCATE;
see docs/decisions/0010-audit-trail.md) and each carries an HMAC chained to the previous row's,
so an edit made behind the application's back is found by `manage.py audit verify`.

An event is written with no lock (an `id` from the table's identity, the inserting transaction's
id in `xid`, no `sequence` or `hash` yet) and sealed into the chain a few seconds later by one
sealer (`services.seal_events`, run by the worker and `manage.py audit seal`): see
docs/decisions/0195-audit-events-sealed-into-the-chain.md."""

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    PARTICIPANT_READ = "participant.read", "Read a participant's record"
    PARTICIPANT_SEARCH = "participant.search", "Searched for participants"
    PARTICIPANT_CREATE = "participant.create", "Added a participant"
    PARTICIPANT_UPDATE = "participant.update", "Changed a participant's details"
    PARTICIPANT_STATUS_CHANGE = "participant.status_change", "Changed a participant's status"
    PARTICIPANT_RECORD = "participant.record", "Recorded part of a participant's support"
    REFERRAL = "referral", "Received or decided a referral"
    GROUP_SESSION = "group_session", "Set up, changed or cancelled a group session"
    COMPLAINT = "complaint", "Received, recorded or answered a data protection complaint"
    BREACH = "breach", "Recorded, assessed or reported a personal data breach"
    RIGHTS_REQUEST = "rights_request", "Received, handled or decided a rights request"
    EXPORT = "export", "Exported data"
    DISCLOSURE = "disclosure", "Disclosed data"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    SIGN_OUT = "sign_out", "Signed out"
    PERMISSION_DENIED = "permission_denied", "Was refused access"
    BREAK_GLASS = "break_glass", "Opened a record outside their scope (break-glass)"
    STAFF_ACCOUNT = "staff.account", "Changed a staff account, its training or its sign-in"
    DISPOSAL = "disposal", "Deleted or anonymised records (retention rule or erasure)"
    RETENTION = "retention", "Placed or lifted a legal hold, or confirmed a paper file destroyed"


class Purpose(models.TextChoices):
    """Why personal data was read or changed, as recorded with each event."""

    CASE_MANAGEMENT = "case_management", "Case management"
    CASELOAD = "caseload", "Reviewing own caseload"
    SEARCH = "search", "Finding a participant"
    EDITING = "editing", "Changing the record"
    API = "api", "Case management through the API"
    ACCESS_REVIEW = "access_review", "Reviewing who accessed the record"
    SIGN_IN = "sign_in", "Signing in or out"


class AuditEvent(models.Model):
    # The event's identity from the moment it is written, in the order the inserts happened
    # (with gaps where an inserting transaction rolled back). Events from before sealing was
    # introduced have id == sequence.
    id = models.BigAutoField(primary_key=True)
    # Its position in the chain, given by the sealer (None: not sealed yet).
    sequence = models.BigIntegerField(null=True, blank=True, unique=True)
    # PostgreSQL: the inserting transaction's id (pg_current_xact_id()), so that the sealer
    # only seals events no running transaction can precede. None on SQLite.
    xid = models.BigIntegerField(null=True, blank=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # Kept with the event so it stays readable if the account is renamed.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    # No database constraint: the trail outlives a participant erased under a retention rule.
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    participant_ids = models.JSONField(default=list, blank=True)
    purpose = models.CharField(max_length=40, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    # Text, not an inet column, so the database cannot rewrite what was hashed.
    source_ip = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Set by the sealer, with `sequence`: the previous event's hash and this event's HMAC.
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["participant", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            # The sealer's queue: only the few events not sealed yet.
            models.Index(
                fields=["id"], condition=models.Q(sequence=None), name="audit_event_unsealed"
            ),
        ]

    def __str__(self) -> str:
        position = f"#{self.sequence}" if self.sequence is not None else "(not sealed yet)"
        return f"{position} {self.action} by {self.actor_label or 'nobody'}"

    @property
    def sealed(self) -> bool:
        return self.sequence is not None

    @property
    def purpose_label(self) -> str:
        try:
            return Purpose(self.purpose).label
        except ValueError:
            return self.purpose


class AuditChainHead(models.Model):
    """The newest sealed event's sequence number and hash, in one row. The sealer locks it
    (SELECT ... FOR UPDATE) for each batch, so events are numbered and chained by one process at
    a time: the chain cannot fork. Writers of events never touch it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Audit chain head at #{self.sequence}"


class AlertRule(models.TextChoices):
    OUTSIDE_CASELOAD = "outside_caseload", "Opened a record outside their caseload"
    MANY_RECORDS = "many_records", "Opened unusually many records in an hour"
    OUT_OF_HOURS = "out_of_hours", "Opened records out of hours"
    REPEATED_DENIALS = "repeated_denials", "Was refused access repeatedly"
    BREAK_GLASS = "break_glass", "Used break-glass access"
    EXPORT = "export", "Exported data"


class ReviewOutcome(models.TextChoices):
    NO_CONCERN = "no_concern", "No concern: there was a business need"
    FOLLOWED_UP = "followed_up", "Followed up with the member of staff or their manager"
    POSSIBLE_BREACH = "possible_breach", "Possible personal data breach: escalated"


class Alert(models.Model):
    """Something in the audit trail the data protection officer should look at, raised by
    casework.oversight.services.raise_alerts, and the DPO's review of it."""

    rule = models.CharField(max_length=32, choices=AlertRule.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_alerts",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    # The hour (or, for single-event rules, the moment) the alert is about.
    window_start = models.DateTimeField()
    event_count = models.PositiveIntegerField()
    # The id of the first event the alert is about (sealed or not). For events from before
    # sealing was introduced the id is also the sequence, hence the name.
    first_sequence = models.BigIntegerField()
    raised_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=32, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-window_start", "rule"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "actor_label", "window_start"], name="one_alert_per_rule_and_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.actor_label}"
