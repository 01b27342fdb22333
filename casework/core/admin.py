"""Shared admin behaviour. The admin is for administrators, who have no programme role and so
no need to see participants (casework.access.permissions)."""

from django.contrib import admin


class NoPersonalDataModelAdmin(admin.ModelAdmin):
    """Django's delete confirmation lists the records that block a deletion by name; those are
    often participants. Say how many instead (found by the access matrix test)."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = [
                f"{len(protected)} linked records. They are not listed because they may hold "
                "personal data: move or close them through Casework first."
            ]
        return to_delete, model_count, perms_needed, protected
