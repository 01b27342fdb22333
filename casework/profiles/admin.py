"""Profiles are recorded through the services (pages and API), which validate and audit; the
admin only shows what is there, and only to superusers."""

from django.contrib import admin

from casework.journey.admin import ReadOnlyAdmin
from casework.profiles import models

for model in (models.VocationalProfile, models.EmploymentHistoryEntry, models.Qualification):
    admin.site.register(model, ReadOnlyAdmin)
