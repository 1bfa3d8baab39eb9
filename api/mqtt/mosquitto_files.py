"""Mosquitto configuration for the cabinets (docs/deployment.md "A cabinet's local broker").

A cabinet runs its own Mosquitto: its devices and its kiosk screen (MQTT over WebSocket, the kiosk's own
account) connect to it, and it is bridged to the central broker, where the backend is. The kiosk can
therefore open a bay while the central side is unreachable. The text made here is what
`manage.py mosquitto_files` writes; the same ACL rules as the embedded broker's (api.mqtt.kiosk_acl).
"""

from __future__ import annotations

from dataclasses import dataclass

from api.mqtt.kiosk_acl import KIOSK_PUBLISH_KINDS, KIOSK_READ_KINDS
from api.mqtt.topics import BACKEND_KINDS, DEVICE_KINDS


@dataclass(frozen=True)
class Cabinet:
    borne_id: int
    prefix: str

    @property
    def bridge_user(self) -> str:
        return f"cabinet-{self.borne_id}"

    @property
    def devices_user(self) -> str:
        return f"devices-{self.borne_id}"

    def topic(self, kind: str) -> str:
        return f"{self.prefix.strip('/')}/bay/+/{kind}"


def local_acl(cabinet: Cabinet, kiosk_user: str | None) -> str:
    """The cabinet broker's ACL: its devices read commands and write reports; its kiosk writes `cmd` only."""
    lines = [f"# Cabinet {cabinet.borne_id} ({cabinet.prefix}): local broker ACL.", f"user {cabinet.devices_user}"]
    lines += [f"topic read {cabinet.topic(kind)}" for kind in BACKEND_KINDS]
    lines += [f"topic write {cabinet.topic(kind)}" for kind in DEVICE_KINDS]
    if kiosk_user:
        lines += ["", f"user {kiosk_user}"]
        lines += [f"topic write {cabinet.topic(kind)}" for kind in KIOSK_PUBLISH_KINDS]
        lines += [f"topic read {cabinet.topic(kind)}" for kind in KIOSK_READ_KINDS]
    return "\n".join(lines) + "\n"


def local_conf(cabinet: Cabinet, *, directory: str, bind: str, port: int, ws_port: int, central_host: str,
               central_port: int, bridge_password: str, tls_cafile: str | None = None) -> str:
    """mosquitto.conf of the cabinet: TCP for the devices, WebSocket for the kiosk, the bridge to the center."""
    lines = [
        f"# Cabinet {cabinet.borne_id} ({cabinet.prefix}): local broker bridged to the central one.",
        "per_listener_settings false",
        "allow_anonymous false",
        f"password_file {directory}/passwords",
        f"acl_file {directory}/acl",
        "",
        f"listener {port} {bind}",
        "protocol mqtt",
        f"listener {ws_port} {bind}",
        "protocol websockets",
        "",
        "connection central",
        f"address {central_host}:{central_port}",
        f"remote_clientid {cabinet.bridge_user}-bridge",
        f"remote_username {cabinet.bridge_user}",
        f"remote_password {bridge_password}",
        "cleansession false",
        "try_private true",
        "notifications false",
        "restart_timeout 1 30",
    ]
    if tls_cafile:
        lines.append(f"bridge_cafile {tls_cafile}")
    # Commands come in from the backend; reports (and the acks of kiosk-made commands) go out to it.
    lines += [f"topic {cabinet.topic(kind)} in 1" for kind in BACKEND_KINDS]
    lines += [f"topic {cabinet.topic(kind)} out 1" for kind in DEVICE_KINDS]
    return "\n".join(lines) + "\n"


def central_acl(cabinets: list[Cabinet], full_access: list[str]) -> str:
    """The central broker's ACL: each cabinet's bridge user is held to its own prefix."""
    lines = ["# Central broker ACL: full-access users (the backend), devices connected directly (their user",
             "# name is their bay's topic root), and the bridge users of the cabinets' local brokers."]
    for user in full_access:
        lines += [f"user {user}", "topic readwrite #", ""]
    lines += [f"pattern read %u/{kind}" for kind in BACKEND_KINDS]
    lines += [f"pattern write %u/{kind}" for kind in DEVICE_KINDS]
    lines.append("")
    for cabinet in cabinets:
        lines.append(f"user {cabinet.bridge_user}")
        lines += [f"topic read {cabinet.topic(kind)}" for kind in BACKEND_KINDS]
        lines += [f"topic write {cabinet.topic(kind)}" for kind in DEVICE_KINDS]
        lines.append("")
    return "\n".join(lines)
