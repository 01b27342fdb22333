"""A fixed-window rate limit kept in the database, so every web process shares it on SQLite and
PostgreSQL alike. Used by public forms (expression of interest). Keys are hashed (HMAC) so no
IP address is stored. See docs/decisions/0003-public-form-protection.md."""

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from casework.core.models import ThrottleWindow


def _hash(scope: str, key: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{scope}\x00{key}".encode(), hashlib.sha256).hexdigest()


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Counts one attempt for (scope, key) and says whether it is within `limit` per window."""
    window = int(time.time() // window_seconds)
    key_hash = _hash(scope, key)
    with transaction.atomic():
        updated = ThrottleWindow.objects.filter(key_hash=key_hash, window=window).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    ThrottleWindow.objects.create(key_hash=key_hash, window=window, count=1)
            except IntegrityError:  # another process created it first
                ThrottleWindow.objects.filter(key_hash=key_hash, window=window).update(
                    count=F("count") + 1
                )
        count = ThrottleWindow.objects.get(key_hash=key_hash, window=window).count
    ThrottleWindow.objects.filter(window__lt=window - 1).delete()
    return count <= limit
