"""Benchmark 1's devices, in a process of its own: `python -m bench.device_acker HOST PORT FILTER`.

Every bench bay has a device in a real network, and each device answers the `unlock` it receives: `received`,
its new state (lock open), `done`, in that order, as `api.simulator.SimulatedDevice` does. Simulating
thousands of bays with one MQTT connection each (`simulate_devices`) would cost the machine more than the
server under test; this one connection answers for all of them. Prints `ready` once subscribed, then answers
until SIGTERM, then prints one JSON line: `{"answered": <commands>}`.

Without it, the commands of the bays nobody simulated stayed unacknowledged: the worker re-sent each one
every `DEVICE_COMMAND_RESEND_SECONDS` and failed it after its ttl (session in error, alert, driver's
notification), work a network does only for a dead device, and which ran during the kiosk's measurement
and not during its baseline's.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt

from bench.subscriber import subscribed_client


def main(host: str, port: int, topic_filter: str) -> None:
    stop = threading.Event()
    state_seq: dict[str, int] = {}
    answered = [0]

    def on_message(client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        try:
            command = json.loads(message.payload)
            command_id, action = str(command["command_id"]), command.get("action")
        except (ValueError, KeyError, TypeError):
            return
        bay = message.topic.removesuffix("/cmd")
        ack = {"command_id": command_id, "status": "received", "message": "", "ts": _now()}
        client.publish(f"{bay}/ack", json.dumps(ack), qos=1)
        if action == "unlock":
            state_seq[bay] = state_seq.get(bay, 0) + 1
            state = {"lock": "deverrouille", "plugged": False, "charging": False, "fault": None,
                     "seq": state_seq[bay], "ts": _now()}
            client.publish(f"{bay}/state", json.dumps(state), qos=1, retain=True)
        done = {**ack, "status": "done", "ts": _now()}
        client.publish(f"{bay}/ack", json.dumps(done), qos=1)
        answered[0] += 1

    signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    client = subscribed_client(host, port, topic_filter, on_message, name="devices", inflight=1000)
    try:
        print("ready", flush=True)
        stop.wait()
    finally:
        client.loop_stop()
        client.disconnect()
    print(json.dumps({"answered": answered[0]}), flush=True)


def _now() -> str:
    return datetime.now(UTC).isoformat()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
