"""Memory of the upload type check on a zip bomb (issue 9.2): an ODT whose `mimetype` entry
inflates to 800 MiB. Prints the bomb's size on the wire and the check's peak allocation
(tracemalloc). Run: `.venv/bin/python bench/upload_sniff_bench.py` (no database needed)."""

import io
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casework.documents import sniffing  # noqa: E402

INFLATED_MIB = 800


def bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("mimetype", "w", force_zip64=True) as entry,
    ):
        entry.write(sniffing.ODT_MIMETYPE)
        for _ in range(INFLATED_MIB):
            entry.write(b"\x00" * 2**20)
    return buffer.getvalue()


def main() -> None:
    content = bomb()
    tracemalloc.start()
    started = time.perf_counter()
    result = sniffing.sniff(content)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"bomb: {len(content) / 1024:.0f} KiB on the wire, {INFLATED_MIB} MiB inflated; "
        f"sniff -> {result}; peak {peak / 1024:.0f} KiB; {elapsed * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
