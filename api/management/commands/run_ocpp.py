"""`python manage.py run_ocpp`: the OCPP gateway (docs/ocpp.md). SIGTERM/SIGINT stop it cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from api.ocpp.server import Gateway, parse_listen


class Command(BaseCommand):
    help = "Run the OCPP gateway: chargers connect to ws://<OCPP_LISTEN>/ocpp/<identity> (OCPP 1.6J or 2.0.1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listen", default=settings.OCPP_LISTEN, help="host:port (default OCPP_LISTEN)")
        parser.add_argument("--log-frames", action="store_true", help="Log every OCPP frame (the `ocpp` logger).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["log_frames"]:
            logging.getLogger("ocpp").setLevel(logging.WARNING)
        host, port = parse_listen(options["listen"])
        asyncio.run(self._run(Gateway(host=host, port=port)))
        self.stdout.write("ocpp gateway stopped")

    async def _run(self, gateway: Gateway) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await gateway.serve(stop, ready=_Ready(self, gateway))


class _Ready:
    """Says on stdout that the gateway listens (the benchmark and `make run` wait for this line)."""

    def __init__(self, command: BaseCommand, gateway: Gateway) -> None:
        self.command, self.gateway = command, gateway

    def set(self) -> None:
        self.command.stdout.write(f"ocpp gateway listening on ws://{self.gateway.host}:{self.gateway.port}/ocpp")
        self.command.stdout.flush()
