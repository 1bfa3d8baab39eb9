"""`make run`: the whole system on the embedded defaults, in one terminal. Ctrl-C stops everything.

Starts the embedded MQTT broker (unless `MQTT_URL` is set; TCP on `EMBEDDED_MQTT_PORT`, default 1884,
and WebSocket for the kiosks on `EMBEDDED_MQTT_WS_PORT`, default a free port, both printed), the web
server (gunicorn, as in production, serving the API, the web apps and the static files after a
`collectstatic`), the worker, a simulated device fleet for the demo cabinets (each bay plugs in and
charges after it unlocks), the OCPP gateway and a simulated OCPP charger for the demo OCPP cabinet, then
prints the URLs and the demo accounts. The browser tests (frontend/e2e/) start the system with this same
command.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from api.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD, OCPP_DEMO_IDENTITY
from api.models import Borne
from api.mqtt.config import EMBEDDED_BROKER_FILE, EMBEDDED_BROKER_WS_FILE
from api.mqtt.embedded import EmbeddedBroker
from api.services.ocpp import borne_ocpp_enable


class Command(BaseCommand):
    help = "Run broker, web, worker and device simulator for local development."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port of the web server")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        broker: EmbeddedBroker | None = None
        if not settings.MQTT_URL:
            ws_port = int(os.environ.get("EMBEDDED_MQTT_WS_PORT", "0")) or None  # unset: a free port
            broker = EmbeddedBroker(port=int(os.environ.get("EMBEDDED_MQTT_PORT", "1884")), ws_port=ws_port).start()
            EMBEDDED_BROKER_FILE.write_text(broker.url)
            EMBEDDED_BROKER_WS_FILE.write_text(broker.ws_url)
            env["MQTT_URL"] = broker.url
        manage = [sys.executable, "manage.py"]
        commands = get_commands()
        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", options["addr"], "--workers",
                    str(options["web_workers"]), "--threads", "4", "--access-logfile", "-", "--graceful-timeout", "5"]
        processes = [subprocess.Popen(gunicorn, env=env)]
        env["OCPP_SIM_PASSWORD"] = self._ocpp_demo_password()
        for name, extra in (("run_worker", []), ("simulate_devices", ["--all", "--auto-plug"]), ("run_ocpp", []),
                            ("simulate_ocpp", ["--identity", OCPP_DEMO_IDENTITY])):
            if name in commands:
                processes.append(subprocess.Popen([*manage, name, *extra], env=env))
        self._banner(options["addr"], env.get("MQTT_URL", ""), broker.ws_url if broker else settings.KIOSK_MQTT_WS_URL)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: stop once, cleanly
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            if broker is not None:
                broker.stop()
                EMBEDDED_BROKER_FILE.unlink(missing_ok=True)
                EMBEDDED_BROKER_WS_FILE.unlink(missing_ok=True)

    @staticmethod
    def _ocpp_demo_password() -> str:
        """A fresh password for the demo OCPP charger at each start (stored hashed, handed to its simulator)."""
        borne = Borne.objects.filter(ocpp_identity=OCPP_DEMO_IDENTITY).first()
        if borne is None:
            return ""
        return borne_ocpp_enable(borne=borne, identity=OCPP_DEMO_IDENTITY, actor=None, ip=None).password

    def _banner(self, addr: str, mqtt_url: str, ws_url: str) -> None:
        base = f"http://{addr}"
        lines = [
            "",
            f"  Driver app:            {base}/",
            f"  Kiosk screen:          {base}/kiosk/",
            f"  Console:               {base}/console/",
            f"  API docs (Swagger UI): {base}/api/docs/   (ReDoc: {base}/api/redoc/)",
            f"  OpenAPI schema:        {base}/api/schema/",
            f"  Django admin:          {base}/admin/",
            f"  Health:                {base}/api/health/ready/",
            f"  MQTT broker:           {mqtt_url}",
            f"  MQTT over WebSocket:   {ws_url or '(none: set KIOSK_MQTT_WS_URL)'}   (kiosks, own credentials)",
            f"  OCPP gateway:          ws://{settings.OCPP_LISTEN}/ocpp/<identity> (demo: {OCPP_DEMO_IDENTITY})",
            "",
            "  Demo accounts (password for all: " + DEMO_PASSWORD + "):",
            *[f"    {pseudo:<8} {'staff admin' if staff else ''}" for pseudo, _, _, staff in ACCOUNTS],
            "",
            "  Ctrl-C stops everything.",
            "",
        ]
        self.stdout.write("\n".join(lines))
