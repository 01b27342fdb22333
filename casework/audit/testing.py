"""For tests: seal the events the test wrote before reading the chain.

In production the worker seals events once their transaction is older than every running one.
A test writes its events inside its own, still running, transaction, so this seals every event
the test's connection can see, whatever is still running (`everything_visible`)."""

from casework.audit.services import seal_events


def seal() -> int:
    """Seal every unsealed event this connection can see, in id order. Returns how many."""
    return seal_events(everything_visible=True)
