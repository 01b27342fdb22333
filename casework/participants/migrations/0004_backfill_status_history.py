"""Participants recorded before status history existed get one history row per status date they
hold (referred, enrolled, in work, exited), so their timeline is not empty."""

from django.db import migrations

STEPS = (
    ("", "referred", "referred_on"),
    ("referred", "enrolled", "enrolled_on"),
    ("enrolled", "in_work", "in_work_on"),
)


def backfill(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    StatusChange = apps.get_model("participants", "StatusChange")
    rows = []
    for p in Participant.objects.filter(status_changes__isnull=True).iterator():
        previous = ""
        for from_status, to_status, field in STEPS:
            on = getattr(p, field)
            if on:
                rows.append(
                    StatusChange(participant=p, from_status=previous, to_status=to_status, on=on)
                )
                previous = to_status
        if p.exited_on:
            rows.append(
                StatusChange(
                    participant=p, from_status=previous, to_status="exited", on=p.exited_on,
                    exit_reason=p.exit_reason,
                )
            )
    StatusChange.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_exit_reason_and_status_history")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
