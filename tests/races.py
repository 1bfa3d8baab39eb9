"""Real threads released together against the database, for the races the tests stage."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(count: int, redeem: Callable[[int], Any]) -> list[Any]:
    """Run `redeem(index)` in `count` threads released together; each outcome is a result or the exception."""
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = redeem(index)
        except Exception as exc:  # the outcome is asserted by the caller
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
