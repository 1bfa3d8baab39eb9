"""`python manage.py simulate_devices`: one simulated ESP32 per bay of the chosen cabinets (api/simulator.py)."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import BorneLink, Emplacement
from api.mqtt.config import broker_config
from api.simulator import Faults, Fleet


class Command(BaseCommand):
    help = "Simulate the ESP32 of every bay of some cabinets (all when none is chosen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every bay of every cabinet (the default).")
        parser.add_argument("--borne", type=int, action="append", default=[], help="Cabinet id (repeatable).")
        parser.add_argument("--station", type=int, action="append", default=[], help="Station id (repeatable).")
        parser.add_argument("--drop-acks", type=float, default=0.0, help="Share of acks dropped (0..1).")
        parser.add_argument("--duplicate-acks", type=float, default=0.0, help="Share of acks sent twice (0..1).")
        parser.add_argument("--fault", default=None, help="Fault code reported in `state`.")
        parser.add_argument("--ota-fail", action="store_true", help="Fail every firmware update.")
        parser.add_argument("--auto-plug", action="store_true", help="Plug in and charge after each unlock.")
        parser.add_argument("--disconnect-after", type=float, default=0.0, help="Drop the connections abruptly.")
        parser.add_argument("--tele-interval", type=float, default=5.0)
        parser.add_argument("--sensor-interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        config = broker_config()
        if config is None:
            raise CommandError("No MQTT broker configured (MQTT_URL).")
        if options["all"] and (options["borne"] or options["station"]):
            raise CommandError("--all cannot be combined with --borne or --station.")
        # An OCPP cabinet's connectors are simulated by `simulate_ocpp`, not as ESP32s.
        bays = Emplacement.objects.select_related("borne").filter(device__isnull=False).exclude(
            borne__link_kind=BorneLink.OCPP)
        if options["borne"]:
            bays = bays.filter(borne_id__in=options["borne"])
        if options["station"]:
            bays = bays.filter(station_id__in=options["station"])
        faults = Faults(drop_ack_rate=options["drop_acks"], duplicate_ack_rate=options["duplicate_acks"],
                        fault_code=options["fault"], ota_fail=options["ota_fail"])
        fleet = Fleet(config, [(bay.borne.mqtt_prefix, bay.numero) for bay in bays], faults)
        for device in fleet.devices:
            device.auto_plug = options["auto_plug"]
        fleet.connect()
        self.stdout.write(f"simulating {len(fleet.devices)} devices")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        started = last_tele = last_sensor = time.monotonic()
        try:
            while not stop.wait(0.2):
                now = time.monotonic()
                if options["disconnect_after"] and now - started > options["disconnect_after"]:
                    for device in fleet.devices:
                        device.disconnect(abrupt=True)
                    break
                if now - last_tele >= options["tele_interval"]:
                    last_tele = now
                    fleet.tick()
                if now - last_sensor >= options["sensor_interval"]:
                    last_sensor = now
                    fleet.sensors()
        finally:
            fleet.disconnect()
            self.stdout.write("simulator stopped")
