"""`python manage.py run_worker`: the MQTT bridge and the periodic sweeps in one process.

The sweeps run in a thread of their own (with their own database connection), so a long sweep (thousands
of devices going offline at once) never stalls the bridge's ingestion.

Stops cleanly on SIGTERM/SIGINT (flushes telemetry, disconnects, prints the bridge's counters). paho
reconnects to the broker by itself; a database outage is logged and retried. Any number of copies may run
(shared subscriptions, row claims).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Mapping
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from api.mqtt.bridge import Bridge
from api.mqtt.client import close_publishers
from api.services.sweeps import run_sweeps

logger = logging.getLogger("api.worker")


class Command(BaseCommand):
    help = "Run the MQTT bridge and the periodic sweeps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sweep-interval", type=float, default=2.0, help="Seconds between sweeps.")
        parser.add_argument("--batch-size", type=int, default=500, help="Telemetry rows per write.")
        parser.add_argument("--flush-ms", type=int, default=200,
                            help="Longest wait of a telemetry row (a quarter of it once no other message waits).")
        parser.add_argument("--no-sweeps", action="store_true", help="Only the bridge.")
        parser.add_argument(
            "--client-id", default=None,
            help="MQTT client id, stable across restarts (default <MQTT_CLIENT_PREFIX>-worker-<host>); give each "
                 "copy on one host its own.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def on_signal(signum: int, _frame: Any) -> None:
            logger.info("worker stopping signal=%s", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        bridge = Bridge(
            client_id=options["client_id"], batch_size=options["batch_size"], flush_ms=options["flush_ms"]
        ).start(wait=0)
        self.stdout.write(f"worker started client_id={bridge.client_id} shared={bridge.shared}", ending="\n")
        self.stdout.flush()
        sweeper = None
        if not options["no_sweeps"]:
            sweeper = threading.Thread(target=sweep_loop, args=(stop, options["sweep_interval"], bridge), name="sweeps",
                                       daemon=True)
            sweeper.start()
        last_report = time.monotonic()
        try:
            while not stop.is_set():
                bridge.process(timeout=0.2)
                if time.monotonic() - last_report > 60:
                    last_report = time.monotonic()
                    logger.info("worker metrics %s", format_metrics(bridge.metrics))
        finally:
            stop.set()
            if sweeper is not None:
                sweeper.join(timeout=30)
            bridge.stop()
            close_publishers()
            connection.close()
            self.stdout.write(f"worker metrics {format_metrics(bridge.metrics)}", ending="\n")
            self.stdout.write("worker stopped", ending="\n")
            self.stdout.flush()


def format_metrics(metrics: Mapping[str, int]) -> str:
    """`received=12 tele_buffered=10 ...`: the bridge's counters, in name order."""
    return " ".join(f"{key}={value}" for key, value in sorted(metrics.items()))


def sweep_loop(stop: threading.Event, interval: float, bridge: Bridge) -> None:
    """Every sweep every `interval` seconds until `stop`, the command sweeps judging by what `bridge` has read
    (`Bridge.read_until`); a database error is logged and retried."""
    try:
        while not stop.wait(interval):
            try:
                close_old_connections()
                done = {name: count for name, count in run_sweeps(read_until=bridge.read_until()).items() if count}
                if done:
                    logger.info("worker sweeps %s", " ".join(f"{k}={v}" for k, v in done.items()))
            except DatabaseError:
                logger.exception("worker sweeps database error; retrying")
                connection.close()
    finally:
        connection.close()
