"""The journey is recorded through the services (pages and API), which validate and audit; the
admin only shows what is there, and only to superusers."""

from django.contrib import admin

from casework.journey import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (
    models.Job,
    models.WorkPlacement,
    models.InWorkSupportContact,
    models.Milestone,
    models.Goal,
    models.ActionStep,
    models.Appointment,
    models.CaseNote,
):
    admin.site.register(model, ReadOnlyAdmin)
