"""`rotate_keys` on the national dataset: re-encrypting every encrypted value under a new key.

Copies the dataset of BENCH_SIZE participants (default 10,000; bench/dataset.py) into a scratch
database (CREATE DATABASE ... TEMPLATE), puts a new key first in CASEWORK_FIELD_KEYS and runs
`manage.py rotate_keys` there, timing it; then drops the copy.

    BENCH_SIZE=10000 nice .venv/bin/python bench/rotate_bench.py
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SERVER, SETTINGS, _psql, database_name, ensure_dataset  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "10000"))


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command

    settings.CASEWORK_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.CASEWORK_FIELD_KEYS]
    out = io.StringIO()
    began = time.perf_counter()
    call_command("rotate_keys", stdout=out)
    seconds = time.perf_counter() - began
    rotated = sum(
        int(line.split(" done, ")[1].split(" ")[0].replace(",", ""))
        for line in out.getvalue().splitlines()
        if " done, " in line
    )
    print(
        f"rotate_keys: {rotated:,} values re-encrypted in {seconds:.1f} s = "
        f"{rotated / seconds:,.0f} values/s (load {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    if os.environ.get("BENCH_CHILD"):
        child()
        return
    ensure_dataset(SIZE)
    scratch = f"{database_name(SIZE)}_rotate"
    _psql(f'DROP DATABASE IF EXISTS "{scratch}"')
    _psql(f'CREATE DATABASE "{scratch}" TEMPLATE "{database_name(SIZE)}"')
    try:
        env = dict(os.environ, DATABASE_URL=f"{SERVER}/{scratch}", BENCH_CHILD="1")
        subprocess.run([sys.executable, __file__], check=True, env=env)
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()
