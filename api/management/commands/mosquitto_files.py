"""Write Mosquitto's files for a cabinet's local broker (`--cabinet`) or for the central broker (`--central`).

docs/deployment.md "A cabinet's local broker". Passwords are written in clear then hashed in place with
`mosquitto_passwd -U` (the Mosquitto package's tool). Rerun after a terminal key rotation (the kiosk's
password follows its key) and send Mosquitto a SIGHUP to reload.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.crypto import cabinet_bridge_password, kiosk_broker_password, kiosk_broker_username
from api.models import Borne
from api.mqtt import mosquitto_files as files
from api.selectors.kiosk import kiosk_broker_identity


def write_passwords(path: Path, users: dict[str, str]) -> None:
    path.write_text("".join(f"{user}:{password}\n" for user, password in users.items()))
    path.chmod(0o600)
    tool = shutil.which("mosquitto_passwd")
    if tool is None:
        raise CommandError("mosquitto_passwd is required (Debian: apt-get install mosquitto).")
    subprocess.run([tool, "-U", str(path)], check=True, capture_output=True)


class Command(BaseCommand):
    help = "Write mosquitto.conf, passwords and acl for a cabinet's local broker, or the central broker's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", required=True)
        parser.add_argument("--cabinet", type=int, help="Borne id: its local broker's files.")
        parser.add_argument("--central", action="store_true", help="The central broker's passwords and acl.")
        parser.add_argument("--devices-password", help="(--cabinet) password of the cabinet's devices' user.")
        parser.add_argument("--central-host", default="127.0.0.1")
        parser.add_argument("--central-port", type=int, default=8883)
        parser.add_argument("--tls-cafile", help="(--cabinet) CA of the central broker (TLS bridge).")
        parser.add_argument("--bind", default="0.0.0.0")
        parser.add_argument("--port", type=int, default=1883)
        parser.add_argument("--ws-port", type=int, default=9001)
        parser.add_argument("--user", action="append", default=[], help="(--central) NAME:PASSWORD, full access.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["output_dir"])
        directory.mkdir(parents=True, exist_ok=True)
        if options["central"]:
            self._central(directory, options["user"])
        elif options["cabinet"]:
            self._cabinet(directory, options)
        else:
            raise CommandError("Give --cabinet <borne id> or --central.")
        self.stdout.write(f"wrote {directory}")

    def _central(self, directory: Path, users: list[str]) -> None:
        pairs = dict(user.split(":", 1) for user in users if ":" in user)
        cabinets = [files.Cabinet(borne.pk, borne.mqtt_prefix) for borne in Borne.objects.order_by("pk")]
        (directory / "acl").write_text(files.central_acl(cabinets, list(pairs)))
        write_passwords(directory / "passwords", {
            **pairs, **{cabinet.bridge_user: cabinet_bridge_password(cabinet.borne_id) for cabinet in cabinets}})

    def _cabinet(self, directory: Path, options: dict[str, Any]) -> None:
        borne = Borne.objects.filter(pk=options["cabinet"]).first()
        if borne is None:
            raise CommandError(f"No cabinet {options['cabinet']}.")
        if not options["devices_password"]:
            raise CommandError("--devices-password is required for a cabinet.")
        cabinet = files.Cabinet(borne.pk, borne.mqtt_prefix)
        users = {cabinet.devices_user: options["devices_password"]}
        identity = kiosk_broker_identity(borne_id=borne.pk)
        kiosk_user = kiosk_broker_username(borne.pk) if identity else None
        if identity and kiosk_user:
            users[kiosk_user] = kiosk_broker_password(borne_id=borne.pk, key_hash=identity[0])
        (directory / "acl").write_text(files.local_acl(cabinet, kiosk_user))
        conf = directory / "mosquitto.conf"
        conf.write_text(files.local_conf(
            cabinet, directory=str(directory.resolve()), bind=options["bind"], port=options["port"],
            ws_port=options["ws_port"], central_host=options["central_host"], central_port=options["central_port"],
            bridge_password=cabinet_bridge_password(borne.pk), tls_cafile=options["tls_cafile"]))
        conf.chmod(0o600)  # it holds the bridge password
        write_passwords(directory / "passwords", users)
