"""The disclosure log is written by the gate only (casework.disclosures.services); the admin
only shows it, and only to superusers."""

from django.contrib import admin

from casework.disclosures import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("disclosed_at", "kind", "recipient_key", "purpose", "status")
    list_filter = ("kind", "status", "basis")
    exclude = ("participants",)


admin.site.register(models.SafeguardingDisclosure, ReadOnlyAdmin)
admin.site.register(models.ExpiryWarning, ReadOnlyAdmin)
