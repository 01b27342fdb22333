import base64

from django.core.management.base import BaseCommand

from casework.demo import data


class Command(BaseCommand):
    help = "Prints the demo sign-in details."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo logins (password for all: {data.DEMO_PASSWORD}):")
        for local_part, _first, _last, organisation, role in data.STAFF:
            self.stdout.write(f"  {data.staff_email(local_part):42} {role.label:26} {organisation}")
        secret = base64.b32encode(bytes.fromhex(data.DEMO_TOTP_KEY_HEX)).decode().rstrip("=")
        self.stdout.write(
            "Second factor: every demo user's authenticator app uses the demo key "
            f"{secret}.\nAdd it to any authenticator app, or run `make demo-code` "
            "(manage.py demo_code) for the current 6-digit code."
        )
        self.stdout.write("")
