"""Restrictions and objections are recorded through the services (audited); the admin only
shows that they exist and when: never whose they are or why (the admin is no way round the
participant scope). Rectifications and statements are not in the admin at all."""

from django.contrib import admin

from casework.rights import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RestrictionAdmin(ReadOnlyAdmin):
    fields = ("started_at", "lifted_at", "told_on")


class ObjectionAdmin(ReadOnlyAdmin):
    fields = ("purpose", "received_on", "decision", "decided_at")


admin.site.register(models.Restriction, RestrictionAdmin)
admin.site.register(models.Objection, ObjectionAdmin)
admin.site.register(models.RightsRequest, ReadOnlyAdmin)
admin.site.register(models.RequestPause, ReadOnlyAdmin)
admin.site.register(models.IdentityCheck, ReadOnlyAdmin)
admin.site.register(models.RequestStep, ReadOnlyAdmin)
admin.site.register(models.RequestReminder, ReadOnlyAdmin)
