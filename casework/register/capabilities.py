"""What the system can do that a privacy notice may promise. A promise in a programme's file
(`promises:`) appears in its notice only while the capability that keeps it is registered here,
so no notice promises what Casework does not do.

An app registers a capability when it is installed and working, in its AppConfig.ready():

    from casework.register.capabilities import register_capability
    register_capability("records_disclosures")

"records_disclosures" belongs to the disclosure log (issue 11); "tells_of_sharing_changes" is
kept by the register's who-to-tell list, which names every participant to tell when a version
adds or changes a recipient."""

from casework.register.config import PromiseKind

# The capability each kind of promise needs.
PROMISE_NEEDS: dict[PromiseKind, str] = {
    PromiseKind.RECORDS_DISCLOSURES: "records_disclosures",
    PromiseKind.TELLS_OF_SHARING_CHANGES: "tells_of_sharing_changes",
}

_CAPABILITIES: set[str] = set()


def register_capability(name: str) -> None:
    if name not in PROMISE_NEEDS.values():
        raise ValueError(f"no promise needs a capability called {name!r}")
    _CAPABILITIES.add(name)


def unregister_capability(name: str) -> None:
    """For tests that show a promise disappearing with its capability."""
    _CAPABILITIES.discard(name)


def has_capability(name: str) -> bool:
    return name in _CAPABILITIES


def promise_is_kept(kind: str) -> bool:
    return has_capability(PROMISE_NEEDS[PromiseKind(kind)])


def capabilities() -> frozenset[str]:
    return frozenset(_CAPABILITIES)
