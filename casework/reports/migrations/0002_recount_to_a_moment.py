"""Figures kept before decision 0190 hold only the days before `as_of`, where the reports now
read them as every record entered up to `refreshed_at`: forget them, so that the reports count
live (exactly) until the next night's count."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("reports", "DailyFigure").objects.all().delete()
    apps.get_model("reports", "FiguresKept").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
