"""Publishing a programme's register in a test world: one of programmes/*.yaml, given to the
world's programme, stored the way `manage.py programme load` stores it (normalised, hashed)."""

from django.conf import settings
from django.utils import timezone

from casework.register.config import content_hash, load_config
from casework.register.models import RegisterVersion


def publish_register(
    programme, source: str = "south-midlands.yaml", *, loaded_at=None, **overrides
) -> RegisterVersion:
    """A new register version of `programme` with the content of `source`, renamed to the
    programme, with any top-level keys in `overrides` replaced (e.g. outcomes={...})."""
    config = load_config(settings.CASEWORK_PROGRAMMES_DIR / source).model_dump(mode="json")
    data = {**config, "slug": programme.slug, "name": programme.name, **overrides}
    latest = programme.versions.order_by("-number").first()
    return RegisterVersion.objects.create(
        programme=programme,
        number=(latest.number + 1) if latest else 1,
        config=data,
        content_hash=content_hash(data),
        loaded_at=loaded_at or timezone.now(),
        source_file=source,
    )
