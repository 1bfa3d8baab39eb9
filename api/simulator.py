"""Simulated ESP32 bay devices that follow device-protocol.md, for `simulate_devices`, demos and tests.

Each `SimulatedDevice` has its own MQTT connection with a retained `status` birth and an `offline` last
will, acts on each `command_id` once (a repeated id gets its stored acks again, no second actuation),
reports lock/plug changes on `state`, telemetry while charging, sensor readings and OTA progress. Faults
can be injected: dropped or duplicated acks, abrupt disconnects, fault codes, failing updates.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt

from api.mqtt.client import new_client
from api.mqtt.config import BrokerConfig
from api.mqtt.topics import bay_topic

logger = logging.getLogger(__name__)

_boot_counter = int(time.time() * 1000)
_boot_lock = threading.Lock()


def next_boot_id() -> int:
    """Increases at every connect, across all simulated devices of the process."""
    global _boot_counter
    with _boot_lock:
        _boot_counter += 1
        return _boot_counter


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Faults:
    drop_ack_rate: float = 0.0
    duplicate_ack_rate: float = 0.0
    fault_code: str | None = None
    ota_fail: bool = False
    seed: int | None = None


@dataclass
class SimulatedDevice:
    """One bay's ESP32."""

    config: BrokerConfig
    prefix: str
    bay: int
    firmware_version: str = "1.0.0"
    mac_address: str = ""
    faults: Faults = field(default_factory=Faults)
    lock: str = "verrouille"
    plugged: bool = False
    charging: bool = False
    session_id: int | None = None
    energie_kwh: float = 0.0
    seq: int = 0
    tele_seq: int = 0
    boot_id: int = 0
    actuations: Counter[str] = field(default_factory=Counter)
    acks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    published_acks: dict[str, set[str]] = field(default_factory=dict)  # what left the device (not dropped)
    received_commands: list[dict[str, Any]] = field(default_factory=list)
    auto_plug: bool = False
    ota_jobs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.faults.seed)
        self._lock = threading.RLock()
        self.client: mqtt.Client | None = None
        self.switched_off = False
        self.connected = threading.Event()
        if not self.mac_address:
            raw = uuid.uuid4().bytes[:5]
            self.mac_address = "02:" + ":".join(f"{b:02X}" for b in raw)

    def topic(self, kind: str) -> str:
        return bay_topic(self.prefix, self.bay, kind)

    # --- connection ------------------------------------------------------------------------------

    def connect(self, wait: float = 10.0, *, reboot: bool = False) -> SimulatedDevice:
        with self._lock:
            if reboot and self.switched_off:
                return self
            self.switched_off = False
        self.boot_id = next_boot_id()
        self.seq = 0
        client = new_client(self.config, client_id=f"sim-{self.prefix.replace('/', '-')}-{self.bay}-{self.boot_id}")
        client.reconnect_delay_set(1, 5)
        will = json.dumps({"state": "offline", "boot_id": self.boot_id, "ts": now_iso()})
        client.will_set(self.topic("status"), will, qos=1, retain=True)
        client.on_connect = self._on_connect
        client.on_message = self._on_message
        client.on_disconnect = lambda *_a: self.connected.clear()
        client.connect(self.config.host, self.config.port, keepalive=30)
        client.loop_start()
        with self._lock:
            self.client = client
            off = reboot and self.switched_off
        if off:  # switched off during the reboot
            self.switched_off = False
            self.disconnect()
            return self
        if not self.connected.wait(wait):
            raise RuntimeError(f"simulated device {self.prefix}/{self.bay} could not connect")
        return self

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        # Not from paho's network thread: the birth waits for its PUBACKs.
        threading.Thread(target=self._birth, args=(client,), daemon=True).start()

    def _birth(self, client: mqtt.Client) -> None:
        result, mid = client.subscribe([(self.topic("cmd"), 1), (self.topic("ota"), 1)])
        self.publish_with(client, "status", {
            "state": "online", "boot_id": self.boot_id, "firmware_version": self.firmware_version,
            "ip_address": f"10.0.0.{self.bay % 250 + 1}", "mac_address": self.mac_address, "ts": now_iso(),
        }, retain=True)
        with self._lock:
            self.seq += 1
            state = {"lock": self.lock, "plugged": self.plugged, "charging": self.charging,
                     "fault": self.faults.fault_code, "seq": self.seq, "ts": now_iso()}
        self.publish_with(client, "state", state, retain=True)
        self.connected.set()

    def disconnect(self, *, abrupt: bool = False, reboot: bool = False) -> None:
        """Graceful (publishes `offline` itself) or abrupt (the broker publishes the last will).

        Unless it is a reboot (OTA), the device stays off: a pending OTA does not reconnect it.
        """
        with self._lock:  # not while an OTA reboot is half done
            if not reboot:
                self.switched_off = True
            client, self.client = self.client, None
            if client is None:
                return
            if abrupt:
                client.loop_stop()
                sock = client.socket()
                if sock is not None:
                    sock.close()  # no DISCONNECT packet: the broker sends the will
            else:
                self.publish_with(client, "status", {"state": "offline", "boot_id": self.boot_id, "ts": now_iso()},
                                  retain=True)
                client.disconnect()
                client.loop_stop()
            self.connected.clear()

    def publish_with(self, client: mqtt.Client, kind: str, payload: Any, *, retain: bool = False) -> None:
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        info = client.publish(self.topic(kind), body, qos=1, retain=retain)
        if threading.current_thread() is getattr(client, "_thread", None):
            return  # in paho's network thread (on_connect): waiting for the PUBACK would block it
        try:
            info.wait_for_publish(5)
        except (RuntimeError, ValueError):
            logger.warning("simulator publish failed topic=%s", self.topic(kind))

    def publish(self, kind: str, payload: Any, *, retain: bool = False) -> None:
        if self.client is not None:
            self.publish_with(self.client, kind, payload, retain=retain)

    # --- behaviour -------------------------------------------------------------------------------

    def publish_state(self) -> None:
        with self._lock:
            self.seq += 1
            state = {"lock": self.lock, "plugged": self.plugged, "charging": self.charging,
                     "fault": self.faults.fault_code, "seq": self.seq, "ts": now_iso()}
        self.publish("state", state, retain=True)

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        try:
            body = json.loads(message.payload) if message.payload else None
        except ValueError:
            return
        if message.topic == self.topic("cmd") and isinstance(body, dict):
            threading.Thread(target=self.on_command, args=(body,), daemon=True).start()
        elif message.topic == self.topic("ota") and isinstance(body, dict):
            threading.Thread(target=self.on_ota, args=(body,), daemon=True).start()

    def _ack(self, command_id: str, status: str, message: str = "") -> None:
        ack = {"command_id": command_id, "status": status, "message": message, "ts": now_iso()}
        with self._lock:
            self.acks.setdefault(command_id, []).append(ack)
        self._send_ack(ack)

    def _send_ack(self, ack: dict[str, Any]) -> None:
        if self._rng.random() < self.faults.drop_ack_rate:
            return
        with self._lock:
            self.published_acks.setdefault(ack["command_id"], set()).add(ack["status"])
        self.publish("ack", ack)
        if self._rng.random() < self.faults.duplicate_ack_rate:
            self.publish("ack", ack)

    def on_command(self, command: dict[str, Any]) -> None:
        command_id = str(command.get("command_id", ""))
        with self._lock:
            self.received_commands.append(command)
            stored = list(self.acks.get(command_id, ()))
            first_time = command_id not in self.acks
            if first_time:
                self.acks[command_id] = []
        if not first_time:
            for ack in stored:  # a repeated id: the stored acks again, no second actuation
                self._send_ack(ack)
            return
        self._ack(command_id, "received")
        action = command.get("action")
        with self._lock:
            self.actuations[command_id] += 1
            ok = self.apply(str(action), command)
        if ok:
            self.publish_state()
            self._ack(command_id, "done")
        else:
            self._ack(command_id, "rejected", f"cannot {action} now")
        if ok and action == "unlock" and self.auto_plug:
            self.plug(session_id=command.get("session_id"))

    def apply(self, action: str, command: dict[str, Any]) -> bool:
        if action == "unlock":
            self.lock = "deverrouille"
            self.session_id = command.get("session_id") or self.session_id
        elif action == "lock":
            self.lock = "verrouille"
        elif action == "start_charge":
            if not self.plugged:
                return False
            self.charging = True
        elif action == "stop_charge":
            self.charging = False
            self.plugged = False
            self.lock = "verrouille"
        elif action != "reboot":
            return False
        return True

    def plug(self, *, session_id: int | None = None, charging: bool = True) -> None:
        with self._lock:
            self.plugged = True
            self.charging = charging
            self.session_id = session_id or self.session_id
            self.energie_kwh = 0.0
        self.publish_state()

    def send_telemetry(self, count: int = 1, *, courant: float = 16.0, tension: float = 230.0) -> None:
        for _ in range(count):
            with self._lock:
                self.tele_seq += 1
                self.energie_kwh += courant * tension / 1000 / 3600
                body = {"seq": self.tele_seq, "ts": now_iso(), "courant": courant, "tension": tension,
                        "energie_kwh": round(self.energie_kwh, 6), "session_id": self.session_id}
            self.publish("tele", body)

    def send_sensor(self, readings: list[dict[str, Any]]) -> None:
        self.publish("sensor", {"ts": now_iso(), "readings": readings})

    def on_ota(self, job: dict[str, Any]) -> None:
        """Install a job once: the retained job comes again at every connect, like on the real firmware."""
        job_id = str(job.get("job_id", ""))
        with self._lock:
            if job_id in self.ota_jobs or job.get("version") == self.firmware_version:
                return
            self.ota_jobs.add(job_id)
        self.publish("ota/progress", {"job_id": job_id, "status": "downloading", "ts": now_iso()})
        if self.faults.ota_fail:
            self.publish("ota/progress", {"job_id": job_id, "status": "failed", "message": "sha256 mismatch",
                                          "ts": now_iso()})
            return
        self.publish("ota/progress", {"job_id": job_id, "status": "installing", "ts": now_iso()})
        self.publish("ota/progress", {"job_id": job_id, "status": "succeeded", "ts": now_iso()})
        self.firmware_version = str(job.get("version", self.firmware_version))
        with self._lock:
            if self.switched_off:
                return  # switched off meanwhile (end of a test, Ctrl-C): no reboot
            self.disconnect(reboot=True)
        self.connect(reboot=True)  # into the new firmware


class Fleet:
    """Simulated devices for every bay of some cabinets (`simulate_devices`)."""

    def __init__(self, config: BrokerConfig, bays: list[tuple[str, int]], faults: Faults | None = None) -> None:
        self.devices = [SimulatedDevice(config=config, prefix=p, bay=n, faults=faults or Faults()) for p, n in bays]

    def connect(self) -> Fleet:
        for device in self.devices:
            device.connect()
        return self

    def tick(self) -> None:
        for device in self.devices:
            if device.client is not None and device.charging:
                device.send_telemetry()

    def sensors(self) -> None:
        for device in self.devices:
            if device.client is not None:
                device.send_sensor([{"type": "temperature", "unite": "°C", "valeur": round(random.uniform(20, 35), 1)}])

    def disconnect(self) -> None:
        for device in self.devices:
            device.disconnect()
