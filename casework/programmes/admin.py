from django.contrib import admin

from casework.core.admin import NoPersonalDataModelAdmin
from casework.programmes.models import Area, Organisation, Programme, ProgrammeOrganisation, Team


@admin.register(Area)
class AreaAdmin(NoPersonalDataModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ProgrammeOrganisationInline(admin.TabularInline):
    model = ProgrammeOrganisation
    extra = 0
    filter_horizontal = ["areas"]


@admin.register(Programme)
class ProgrammeAdmin(NoPersonalDataModelAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on"]
    filter_horizontal = ["areas"]
    inlines = [ProgrammeOrganisationInline]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(NoPersonalDataModelAdmin):
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(NoPersonalDataModelAdmin):
    list_display = ["name", "organisation", "programme"]
    list_filter = ["programme", "organisation"]
