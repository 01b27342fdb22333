"""Register versions are written only by `manage.py programme load`, and notice
acknowledgements by the register services: the admin shows them read-only."""

from django.contrib import admin

from casework.register.models import NoticeAcknowledgement, RegisterVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegisterVersion)
class RegisterVersionAdmin(ReadOnlyAdmin):
    list_display = ["programme", "number", "loaded_at", "source_file"]
    list_filter = ["programme"]


@admin.register(NoticeAcknowledgement)
class NoticeAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["version", "given_on", "method", "recorded_at"]
    list_filter = ["method", "version__programme"]
