"""Gives the national dataset's first N specialists (bench.specialist0..N-1, bench/dataset.py)
an authenticator app with the demo's known key, so the load test (bench/locustfile.py) can sign
them in through the real two-step sign-in. Idempotent; adds at most N rows to one table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_scale_500000 \
    DJANGO_SETTINGS_MODULE=bench.loadtest_settings CASEWORK_LOCAL_KEYS=<dataset's key file> \
    .venv/bin/python bench/loadtest_users.py 200
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.loadtest_settings")
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casework.demo import data
    from casework.staff.models import StaffUser

    made = 0
    for n in range(count):
        user = StaffUser.objects.get(email=f"bench.specialist{n}@{data.EMAIL_DOMAIN}")
        _, created = TOTPDevice.objects.get_or_create(
            user=user,
            name="Load test app",
            defaults={"key": data.DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
        made += created
    print(f"{count} specialists with an authenticator app ({made} new)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
