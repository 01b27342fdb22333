"""Which port `make run` serves on: PORT= honoured or refused, never silently changed; without
PORT, 8000 or the next free one; PORT=0 any free port."""

import pytest

from casework.worker import launcher


@pytest.fixture
def busy(monkeypatch):
    taken: set[int] = set()
    monkeypatch.setattr(launcher, "port_is_free", lambda host, port: port not in taken)
    return taken


def test_without_port_8000_is_used_or_else_the_next_free_port_and_the_reason_given(busy):
    assert launcher.choose_port("127.0.0.1", None) == (8000, "")
    busy.update({8000, 8001})
    assert launcher.choose_port("127.0.0.1", "") == (8002, "port 8000 is in use")


def test_a_port_asked_for_is_used_or_refused(busy):
    assert launcher.choose_port("127.0.0.1", "8106") == (8106, "")
    busy.add(8106)
    with pytest.raises(launcher.PortBusy, match="Port 8106 on 127.0.0.1 is in use"):
        launcher.choose_port("127.0.0.1", "8106")
    with pytest.raises(launcher.PortBusy, match="PORT must be a number"):
        launcher.choose_port("127.0.0.1", "eighty")
    with pytest.raises(launcher.PortBusy, match="PORT must be a number"):
        launcher.choose_port("127.0.0.1", "70000")


def test_port_zero_takes_any_free_port():
    port, why = launcher.choose_port("127.0.0.1", "0")
    assert port > 0 and why == "" and launcher.port_is_free("127.0.0.1", port)
