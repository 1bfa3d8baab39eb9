"""Real threads released together against the database, for the races the tests stage."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(count: int, redeem: Callable[[int], Any], *, refusals: tuple[type[Exception], ...] = ()) -> list[Any]:
    """Run `redeem(index)` in `count` threads released together; each outcome is its result, or the exception
    it raised when that is one of the expected `refusals` (the losers of the race). Any other exception fails
    the caller, once every thread is done."""
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = redeem(index)
        except Exception as exc:  # judged below, in the caller's thread
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, refusals)]
    if unexpected:
        raise AssertionError(f"{len(unexpected)} of {count} threads raised: {unexpected!r}") from unexpected[0]
    return outcomes
