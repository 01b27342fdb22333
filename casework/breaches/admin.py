"""The breach register is written through the services (pages), which validate and audit; the
admin only shows what is there, and only to superusers."""

from django.contrib import admin

from casework.breaches import models
from casework.journey.admin import ReadOnlyAdmin

admin.site.register(models.Breach, ReadOnlyAdmin)
admin.site.register(models.AffectedPerson, ReadOnlyAdmin)
admin.site.register(models.ControllerNotice, ReadOnlyAdmin)
