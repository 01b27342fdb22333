"""Reading ahead: the next item of an iterator fetched in a background thread while the caller
works on the current one. For a long read from the database (a server-side cursor's chunks),
so that PostgreSQL produces the next chunk on the other core while Python decrypts and writes
this one; the driver waits for the network without holding the GIL."""

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def read_ahead(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """The items of `items`, in order, at most `depth` fetched ahead of the caller. An error in
    the fetching is raised here, at the item it happened at. The iterator is driven by the
    background thread only, so a database cursor is never used by two threads at once; if the
    caller stops early, the background thread stops after the item it is fetching."""
    ahead: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry) -> bool:
        while not stop.is_set():
            try:
                ahead.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, raised there
            put((_DONE, error))

    worker = threading.Thread(target=fetch, name="read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item, error = ahead.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        worker.join()
