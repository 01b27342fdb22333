"""A copy of the database (pg_dump on PostgreSQL, a copy of the SQLite file) holds no plaintext
National Insurance number, nor the marker planted in any other encrypted field of the participant
(special category fields such as health, once they exist, are planted automatically)."""

import os
import shutil
import sqlite3
import subprocess

import pytest
from django.db import connection

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant
from casework.testing import factories

PLANTED_NINO = "QQ975310D"
VISIBLE_NAME = "Plantedsurname"  # not encrypted: proves the copy holds the participant at all


def database_copy(tmp_path) -> bytes:
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump must be on the PATH to test the PostgreSQL dump"
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        command = [pg_dump, "--host", db.get("HOST") or "localhost"]
        command += ["--port", str(db.get("PORT") or 5432), "--username", db.get("USER") or ""]
        command += [db["NAME"]]
        return subprocess.run(command, env=env, check=True, capture_output=True).stdout  # noqa: S603
    path = tmp_path / "copy.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    return path.read_bytes()


@pytest.mark.django_db(transaction=True)  # committed, so another process can dump it
def test_a_database_copy_holds_no_plaintext_nino_or_marker(world, tmp_path):
    markers = {
        field.name: f"PLANTED-MARKER-{field.name.upper()}"
        for field in Participant._meta.concrete_fields
        if isinstance(field, EncryptedTextField) and field.name != "national_insurance_number"
    }
    factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        last_name=VISIBLE_NAME,
        national_insurance_number=PLANTED_NINO,
        **markers,
    )
    copy = database_copy(tmp_path)
    assert VISIBLE_NAME.encode() in copy
    for form in (PLANTED_NINO, "QQ 97 53 10 D", PLANTED_NINO.lower(), *markers.values()):
        assert form.encode() not in copy
