"""Restrictions and objections are recorded through the services (audited); the admin only
shows them."""

from django.contrib import admin

from casework.rights import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(models.Restriction, ReadOnlyAdmin)
admin.site.register(models.Objection, ReadOnlyAdmin)
admin.site.register(models.RightsRequest, ReadOnlyAdmin)
admin.site.register(models.RequestPause, ReadOnlyAdmin)
admin.site.register(models.IdentityCheck, ReadOnlyAdmin)
admin.site.register(models.RequestStep, ReadOnlyAdmin)
admin.site.register(models.RequestReminder, ReadOnlyAdmin)
