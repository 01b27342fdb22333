from django.contrib import admin

from casework.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by casework.audit.services and never edited."""

    list_display = [
        "id",
        "sequence",
        "occurred_at",
        "actor_label",
        "action",
        "participant_id",
        "purpose",
    ]
    list_filter = ["action"]
    search_fields = ["actor_label"]
    ordering = ["-id"]
    # The participant by id only: an administrator holds no programme role and must not read a
    # participant's name through the trail (the access matrix checks this).
    exclude = ["participant"]
    readonly_fields = ["participant_reference"]

    @admin.display(description="participant")
    def participant_reference(self, event) -> str:
        return str(event.participant_id or "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
