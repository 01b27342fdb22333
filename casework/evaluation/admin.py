"""Extracts and their release log are written through the services; the admin only shows what
is there, to superusers. Release series are not shown: each holds its pseudonym key."""

from django.contrib import admin

from casework.evaluation import models
from casework.journey.admin import ReadOnlyAdmin

admin.site.register(models.EvaluationExtract, ReadOnlyAdmin)
admin.site.register(models.ExtractRelease, ReadOnlyAdmin)
