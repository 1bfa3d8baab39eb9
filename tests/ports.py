"""Ports for the brokers, servers and clusters a test starts: never one another test may take at the same time.

The kernel's `bind(("127.0.0.1", 0))` gives a port free at that instant, from the ephemeral range, and forgets
it when the probe socket closes: another xdist worker may receive the same port before the first test's broker
binds it, and a broker killed and restarted on its port leaves it free for a moment. The losing broker then
fails to bind, the port answers anyway (the other test's broker listens on it), and two tests share one broker
without knowing (a kill in one drops the other's clients). So each test process takes its ports from a block of
its own, below the ephemeral range (32768-60999 on Linux) where no outgoing connection lands, skipping a port
that something else already holds.
"""

from __future__ import annotations

import itertools
import os
import socket

FIRST_PORT = 20000
BLOCK = 500  # ports per test process: 25 blocks fit below the ephemeral range


def _block_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... under xdist
    return int(worker[2:]) + 1 if worker.startswith("gw") else 0


_candidates = itertools.cycle(range(FIRST_PORT + _block_index() * BLOCK, FIRST_PORT + (_block_index() + 1) * BLOCK))


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def unused_port() -> int:
    """A port of this test process's block that nothing holds now (each call gives the next one)."""
    for _ in range(BLOCK):
        port = next(_candidates)
        if _bindable(port):
            return port
    raise RuntimeError(f"no free port in this test process's block of {BLOCK}")
