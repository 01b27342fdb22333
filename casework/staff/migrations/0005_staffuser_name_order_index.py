"""The staff's name order as an index (docs/decisions/0220-pages-found-from-a-neighbour.md).

The team caseloads page lists a programme's employment specialists by surname, first name and
id, a page at a time found from its neighbour: with this index PostgreSQL reads the page's 51
rows in order from the neighbour onwards, rather than sorting every specialist of the programme
(13,637 at 500,000 participants). An ordinary index: SQLite builds it too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("staff", "0004_encrypt_totp_keys")]

    operations = [
        migrations.AddIndex(
            model_name="staffuser",
            index=models.Index(fields=["last_name", "first_name", "id"], name="staff_name_order"),
        ),
    ]
