"""`python manage.py simulate_ocpp`: simulated OCPP chargers (api/ocpp/simulator.py) for the OCPP cabinets."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from api.models import Borne, BorneLink, Emplacement
from api.ocpp.simulator import OfflineCharge, OfflineQueue, connect


class Command(BaseCommand):
    help = "Simulate OCPP chargers: boot, statuses, heartbeats, meter values while charging, badge taps, faults."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--identity", action="append", default=[], help="Charger identity (repeatable; "
                            "default: every OCPP cabinet).")
        parser.add_argument("--password", default=os.environ.get("OCPP_SIM_PASSWORD", ""),
                            help="Its password (default OCPP_SIM_PASSWORD), as issued by the admin endpoint.")
        parser.add_argument("--url", default=f"ws://{settings.OCPP_LISTEN}/ocpp")
        parser.add_argument("--ocpp-version", choices=("ocpp1.6", "ocpp2.0.1"), default="ocpp1.6")
        parser.add_argument("--firmware", default="1.0.0")
        parser.add_argument("--meter-interval", type=float, default=5.0, help="Seconds between meter values.")
        parser.add_argument("--heartbeat-interval", type=float, default=60.0)
        parser.add_argument("--tap", action="append", default=[], metavar="UID:CONNECTOR",
                            help="Tap a badge at the charger's reader once connected (repeatable).")
        parser.add_argument("--fault", default="", metavar="CONNECTOR:CODE", help="Report a fault once connected.")
        parser.add_argument("--offline-charge", action="append", default=[], metavar="UID:CONNECTOR[:MINUTES]",
                            help="A charge made while the gateway was unreachable, started MINUTES ago (default 30) "
                                 "and stopped 5 minutes ago: sent on connecting, again after a reconnect until "
                                 "answered (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("ocpp").setLevel(logging.WARNING)
        if not options["password"]:
            raise CommandError("--password (or OCPP_SIM_PASSWORD) is required: the admin endpoint issues it.")
        identities = options["identity"] or [identity for identity in Borne.objects.filter(
            link_kind=BorneLink.OCPP).values_list("ocpp_identity", flat=True) if identity]
        if not identities:
            raise CommandError("No OCPP cabinet.")
        connectors = {identity: Emplacement.objects.filter(borne__ocpp_identity=identity).count() or 1
                      for identity in identities}
        self.offline = {identity: OfflineQueue([offline_charge(spec) for spec in options["offline_charge"]])
                        for identity in identities}
        asyncio.run(self._run(identities, connectors, options))

    async def _run(self, identities: list[str], connectors: dict[str, int], options: dict[str, Any]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        tasks = [asyncio.ensure_future(self._charger(identity, connectors[identity], options, stop))
                 for identity in identities]
        self.stdout.write(f"simulating {len(identities)} OCPP chargers")
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.stdout.write("ocpp simulator stopped")

    async def _charger(self, identity: str, connectors: int, options: dict[str, Any], stop: asyncio.Event) -> None:
        """One charger, reconnecting after a lost connection; meter values for its running transactions."""
        while not stop.is_set():
            try:
                sim = await connect(options["url"], identity, options["password"], version=options["ocpp_version"],
                                    connectors=connectors, firmware=options["firmware"])
            except Exception as exc:  # gateway not up yet, or refused (the handshake)
                self.stderr.write(f"{identity}: cannot connect ({exc}); retrying")
                await asyncio.sleep(2)
                continue
            try:
                for status in await self.offline[identity].send(sim):
                    self.stdout.write(f"{identity}: offline charge sent: {status}")
            except Exception as exc:  # the connection was lost in the middle: sent again on the next one
                self.stderr.write(f"{identity}: offline charges not all answered ({exc}); again on reconnect")
                continue
            await self._once(sim, options)
            last_beat = asyncio.get_running_loop().time()
            while not stop.is_set() and sim.task is not None and not sim.task.done():
                await asyncio.sleep(options["meter_interval"])
                loop_time = asyncio.get_running_loop().time()
                for connector in list(sim.transactions):
                    await sim.meter(connector, add_wh=int(7400 * options["meter_interval"] / 3600) or 1)
                if loop_time - last_beat >= options["heartbeat_interval"]:
                    last_beat = loop_time
                    await sim.heartbeat()

    async def _once(self, sim: Any, options: dict[str, Any]) -> None:
        for tap in options["tap"]:
            uid, _, connector = tap.partition(":")
            number = int(connector or 1)
            status = await sim.authorize(uid)
            if status == "Accepted":
                await sim.plug(number)
                await sim.start_tx(number, uid)
                await sim.charge(number)
            self.stdout.write(f"{sim.id}: badge {uid[:2]}... on connector {number}: {status}")
        if options["fault"]:
            connector, _, code = options["fault"].partition(":")
            await sim.status(int(connector), "Faulted", error_code=code or "OtherError")


def offline_charge(spec: str) -> OfflineCharge:
    """`UID:CONNECTOR[:MINUTES]`: a charge of MINUTES - 5 minutes at 7.4 kW, ended 5 minutes ago."""
    uid, _, rest = spec.partition(":")
    connector, _, minutes = rest.partition(":")
    try:
        number, length = int(connector or 1), int(minutes or 30)
    except ValueError as exc:
        raise CommandError(f"--offline-charge {spec!r}: expected UID:CONNECTOR[:MINUTES]") from exc
    if not uid or number < 1 or length <= 5:
        raise CommandError(f"--offline-charge {spec!r}: a badge UID, a connector >= 1, more than 5 minutes")
    stopped = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    started = stopped - timedelta(minutes=length - 5)
    return OfflineCharge(connector=number, tag=uid, started=started, stopped=stopped,
                         wh=int(7400 * (length - 5) / 60))
