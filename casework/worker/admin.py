from django.contrib import admin

from casework.worker.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only: runs are written by the worker alone and pruned by its housekeeping job."""

    list_display = ("job", "slot", "outcome", "started_at", "finished_at", "summary")
    list_filter = ("job", "outcome")
    date_hierarchy = "slot"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # evidence that the schedule ran; the housekeeping job prunes it
