"""Group sessions and bookings are written through the services (pages), which validate and
audit; the admin only shows what is there, and only to superusers."""

from django.contrib import admin

from casework.groupwork import models
from casework.journey.admin import ReadOnlyAdmin

admin.site.register(models.GroupSession, ReadOnlyAdmin)
admin.site.register(models.GroupBooking, ReadOnlyAdmin)
