"""Benchmark 3's baseline subscriber, in a process of its own: `python -m bench.bare_subscriber HOST PORT FILTER N`.

One paho client (QoS 1, paho's automatic acknowledgement) subscribes to FILTER, prints `ready` once the
broker has acknowledged the subscription, counts what arrives, and exits once N messages have come or
nothing has come for 10 s, printing one JSON line: `{"received": ..., "first": ..., "last": ...}` (the
wall-clock times of the first and last message). In its own process it has a core's share and a GIL of its
own, as the worker has: within the runner's process it competed with the publishing connections and was
not an upper bound of what the broker delivers.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from bench.subscriber import subscribed_client


def main(host: str, port: int, topic_filter: str, expected: int) -> None:
    state = {"received": 0, "first": 0.0, "last": 0.0}
    done = threading.Event()

    def on_message(*_args: Any) -> None:
        now = time.time()
        if not state["received"]:
            state["first"] = now
        state["received"] += 1
        state["last"] = now
        if state["received"] >= expected:
            done.set()

    client = subscribed_client(host, port, topic_filter, on_message, name="baresub")
    try:
        print("ready", flush=True)
        seen = -1
        while not done.wait(10) and state["received"] != seen:
            seen = int(state["received"])
    finally:
        client.loop_stop()
        client.disconnect()
    print(json.dumps(state), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
