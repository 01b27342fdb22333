from django.db import migrations

CANARY_TEXT = "Casework encryption canary"


def plant(apps, schema_editor):
    canary = apps.get_model("core", "EncryptionCanary")
    canary.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"value": CANARY_TEXT}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(plant, migrations.RunPython.noop)]
