from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.staff import services
from casework.staff.models import Membership, StaffUser


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(StaffUser)
class StaffUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.end_sessions(users=[obj])  # disabling a user signs them out everywhere

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "organisation")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (
            "Data protection",
            {
                "fields": (
                    "data_protection_training_completed_on",
                    "data_protection_training_expires_on",
                    "confidentiality_acknowledged_at",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "organisation", "password1", "password2"),
            },
        ),
    )


@admin.action(description="End their sessions (sign them out everywhere)")
def end_sessions(modeladmin, request, queryset):
    ended = services.end_sessions(users=list(queryset))
    modeladmin.message_user(request, f"Ended {ended} session(s) for {queryset.count()} user(s).")


@admin.action(description="Disable them and end their sessions")
def disable_and_sign_out(modeladmin, request, queryset):
    ended = sum(services.disable_user(actor=request.user, user=user) for user in queryset)
    modeladmin.message_user(
        request, f"Disabled {queryset.count()} user(s); ended {ended} sessions."
    )


@admin.action(description="Reset their second factor (they set up an app at next sign-in)")
def reset_second_factor(modeladmin, request, queryset):
    for user in queryset:
        services.reset_second_factor(actor=request.user, user=user)
    modeladmin.message_user(request, f"Reset the second factor of {queryset.count()} user(s).")


StaffUserAdmin.actions = [end_sessions, disable_and_sign_out, reset_second_factor]


# django-otp's own device admin shows each device's secret as a QR code: anyone with the admin
# could copy a colleague's second factor. Administrators reset devices instead (action above).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(TOTPDevice, StaticDevice)
class SecondFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
