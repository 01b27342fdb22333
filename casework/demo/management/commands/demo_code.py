import base64
import time

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from casework.demo import data


class Command(BaseCommand):
    help = "Prints the demo users' current second-factor code (demo data only)."

    def handle(self, *args, **options):
        key = bytes.fromhex(data.DEMO_TOTP_KEY_HEX)
        seconds_left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp(key):06d}  (valid for {seconds_left} more seconds)")
        self.stdout.write(
            "Or add this key to an authenticator app: "
            + base64.b32encode(key).decode("ascii").rstrip("=")
        )
