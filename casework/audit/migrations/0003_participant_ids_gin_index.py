"""On PostgreSQL, a GIN index answers "which events list this participant" (jsonb @>) for the
access history. SQLite has no such index type; it scans."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS audit_event_participant_ids_gin "
    "ON audit_auditevent USING gin (participant_ids jsonb_path_ops)"
)
DROP = "DROP INDEX IF EXISTS audit_event_participant_ids_gin"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
