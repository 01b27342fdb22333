"""Complaints are written through the services (pages), which validate and audit; the admin
only shows what is there, and only to superusers."""

from django.contrib import admin

from casework.complaints import models
from casework.journey.admin import ReadOnlyAdmin

admin.site.register(models.Complaint, ReadOnlyAdmin)
admin.site.register(models.ComplaintEntry, ReadOnlyAdmin)
admin.site.register(models.ComplaintReminder, ReadOnlyAdmin)
