"""The MQTT bridge: a persistent-session subscriber that validates device messages and hands them to handlers.

paho's network thread only queues messages; `Bridge.process()` (the worker's main thread, or a test's
thread) validates and writes them, then acknowledges them (manual PUBACK), so a message is acknowledged
only once it is stored. Garbage is logged and counted in `Bridge.metrics`, never written, never a crash.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt
from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection
from django.utils import timezone
from pydantic import ValidationError

from api.errors import ApplicationError
from api.models import Device
from api.mqtt.client import new_client
from api.mqtt.config import BrokerConfig, broker_config
from api.mqtt.handlers import HANDLERS, Rejected, TelemetryBuffer
from api.mqtt.schemas import SCHEMAS_BY_KIND, TelePayload
from api.mqtt.topics import ParsedTopic, parse_topic, subscription_filters
from api.selectors.device_topics import device_at

logger = logging.getLogger(__name__)

_shared_support: dict[BrokerConfig, bool] = {}


def broker_supports_shared_subscriptions(config: BrokerConfig, timeout: float = 3.0) -> bool:
    """Probe once per broker: subscribe to `$share/<g>/<t>`, publish on `<t>`, see whether it comes back.

    Mosquitto, EMQX, HiveMQ do; the embedded amqtt broker does not (then every worker gets every message,
    which the handlers' idempotence tolerates, but run one worker there).
    """
    if config in _shared_support:
        return _shared_support[config]
    topic = f"{settings.MQTT_CLIENT_PREFIX}/probe/{uuid.uuid4().hex}"
    received = threading.Event()
    subscribed = threading.Event()
    client = new_client(config, client_id=f"{settings.MQTT_CLIENT_PREFIX}-probe-{uuid.uuid4().hex[:8]}")
    client.on_message = lambda *_args: received.set()
    client.on_subscribe = lambda *_args: subscribed.set()
    client.on_connect = lambda c, *_a: c.subscribe(f"$share/probe/{topic}", qos=1)
    supported = False
    try:
        client.connect(config.host, config.port, keepalive=10)
        client.loop_start()
        if subscribed.wait(timeout):
            client.publish(topic, b"probe", qos=1)
            supported = received.wait(timeout)
    except (OSError, ValueError):
        logger.warning("shared subscription probe failed", exc_info=True)
        return False
    finally:
        client.disconnect()
        client.loop_stop()
    _shared_support[config] = supported
    logger.info("broker %s:%s shared subscriptions=%s", config.host, config.port, supported)
    return supported


@dataclass
class Inbound:
    topic: str
    payload: bytes
    retain: bool
    mid: int
    qos: int
    generation: int
    arrived: float = field(default_factory=time.time)  # when paho handed it over


class Bridge:
    """Subscriber with a persistent session (clean session off) and QoS 1, acknowledging after storage."""

    def __init__(
        self,
        *,
        config: BrokerConfig | None = None,
        client_id: str | None = None,
        group: str | None = None,
        shared: bool | None = None,
        batch_size: int = 500,
        flush_ms: int = 200,
    ) -> None:
        resolved = config or broker_config()
        if resolved is None:
            raise RuntimeError("No MQTT broker configured.")
        self.config = resolved
        # Stable across restarts (not the pid): the broker keeps this session's messages while it is down.
        self.client_id = client_id or f"{settings.MQTT_CLIENT_PREFIX}-worker-{os.uname().nodename}"
        self.group = group or settings.MQTT_SHARED_GROUP
        self.shared = shared
        self.metrics: Counter[str] = Counter()
        self.telemetry = TelemetryBuffer(max_rows=batch_size, max_wait_s=flush_ms / 1000,
                                         idle_wait_s=flush_ms / 4000)
        self._inbox: queue.Queue[Inbound] = queue.Queue()
        self._retry: list[Inbound] = []
        self._in_hand: Inbound | None = None
        self._generation = 0
        self._connected = threading.Event()
        self._subscribed = threading.Event()
        self._devices: dict[tuple[str, int], tuple[Device | None, float]] = {}
        self.client: mqtt.Client | None = None

    # --- connection -------------------------------------------------------------------------------

    def start(self, wait: float = 10.0) -> Bridge:
        if self.shared is None:
            self.shared = settings.MQTT_USE_SHARED_SUBSCRIPTIONS and broker_supports_shared_subscriptions(self.config)
        client = new_client(self.config, client_id=self.client_id, clean_session=False)
        client.manual_ack_set(True)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        client.connect_async(self.config.host, self.config.port, keepalive=30)
        client.loop_start()
        self.client = client
        if wait and not self._subscribed.wait(wait):
            logger.warning("bridge not subscribed yet after %ss; paho keeps retrying", wait)
        return self

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if getattr(reason, "is_failure", False):
            logger.warning("bridge connection refused: %s", reason)
            return
        self._generation += 1
        self._connected.set()
        filters = subscription_filters(shared=bool(self.shared), group=self.group)
        client.subscribe([(topic, 1) for topic in filters])
        logger.info("bridge connected client_id=%s filters=%s session_present=%s",
                    self.client_id, filters, getattr(flags, "session_present", None))

    def _on_subscribe(self, *args: Any) -> None:
        self._subscribed.set()
        logger.info("bridge subscribed client_id=%s", self.client_id)

    def _on_disconnect(self, *args: Any) -> None:
        self._connected.clear()
        self._subscribed.clear()
        logger.warning("bridge disconnected; reconnecting")

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        self._inbox.put(Inbound(
            topic=message.topic, payload=bytes(message.payload), retain=bool(message.retain),
            mid=message.mid, qos=message.qos, generation=self._generation,
        ))

    def stop(self, *, forget: bool = False) -> None:
        """Flush, disconnect. `forget` also drops the broker-side session (tests, decommissioning)."""
        try:
            self._flush_telemetry()
        except DatabaseError:
            logger.warning("bridge could not flush telemetry at stop", exc_info=True)
        client, self.client = self.client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()
        if forget:
            cleaner = new_client(self.config, client_id=self.client_id, clean_session=True)
            try:
                cleaner.connect(self.config.host, self.config.port, keepalive=10)
                cleaner.disconnect()
            except OSError:
                pass

    def wait_subscribed(self, timeout: float) -> bool:
        """True once the current connection's subscription is acknowledged by the broker."""
        return self._subscribed.wait(timeout)

    # --- processing ------------------------------------------------------------------------------

    def _ack(self, item: Inbound) -> None:
        if self.client is not None and item.qos > 0 and item.generation == self._generation:
            self.client.ack(item.mid, item.qos)

    def _reject(self, item: Inbound, reason: str) -> None:
        self.metrics["rejected"] += 1
        self.metrics[f"rejected_{reason}"] += 1
        logger.warning("mqtt message rejected reason=%s topic=%s size=%s", reason, item.topic[:200], len(item.payload))

    def _device(self, parsed: ParsedTopic, *, fresh: bool) -> Device | None:
        key = (parsed.prefix, parsed.bay)
        cached = self._devices.get(key)
        if not fresh and cached is not None and cached[1] > time.monotonic():
            return cached[0]
        device = device_at(prefix=parsed.prefix, bay=parsed.bay)
        if len(self._devices) > 50000:
            self._devices.clear()
        self._devices[key] = (device, time.monotonic() + 30)
        return device

    def handle(self, item: Inbound) -> str:
        """Validate and store one message; returns the outcome. Raises only on database outages."""
        self.metrics["received"] += 1
        if len(item.payload) > settings.MQTT_MAX_PAYLOAD_BYTES:
            self._reject(item, "oversized")
            return "rejected"
        parsed = parse_topic(item.topic)
        if parsed is None:
            self._reject(item, "foreign_topic")
            return "rejected"
        if not parsed.from_device:
            self.metrics["own"] += 1
            return "own"
        if not item.payload:
            self.metrics["cleared"] += 1  # a retained message being cleared
            return "cleared"
        device = self._device(parsed, fresh=parsed.kind != "tele")
        if device is None:
            if item.retain:  # a bay removed or not provisioned yet: its retained messages are not garbage
                self.metrics["ignored_retained"] += 1
                return "ignored"
            self._reject(item, "unknown_bay")
            return "rejected"
        try:
            payload = SCHEMAS_BY_KIND[parsed.kind].model_validate_json(item.payload)
        except ValidationError as exc:
            bad_json = any(error["type"] == "json_invalid" for error in exc.errors())
            self._reject(item, "bad_json" if bad_json else "invalid_payload")
            return "rejected"
        try:
            if isinstance(payload, TelePayload):
                outcome = self.telemetry.add(device, payload, item)
            else:
                if device.pk in self.telemetry.devices:
                    # A device's messages apply in the order it sent them: its buffered telemetry is written
                    # before its later ack/state/... (a `stopped` session then has its energy).
                    self._flush_telemetry()
                outcome = HANDLERS[parsed.kind](device, payload)  # type: ignore[operator]
        except Rejected as exc:
            self._reject(item, exc.reason)
            return "rejected"
        except (IntegrityError, ApplicationError) as exc:
            self._reject(item, type(exc).__name__.lower())
            return "rejected"
        self.metrics[f"{parsed.kind}_{outcome}"] += 1
        return outcome

    def read_until(self) -> datetime:
        """Every device message that arrived before this instant has been handled: the arrival of the oldest
        one still waiting (in hand, to retry, or queued), or now when none waits.

        The command sweeps judge by it (`run_sweeps`): a command's answer may be waiting here, so it is
        re-sent or failed only if its device had the time to answer before this instant.
        """
        waiting = [item.arrived for item in (self._in_hand, *self._retry) if item is not None]
        with self._inbox.mutex:
            if self._inbox.queue:
                waiting.append(self._inbox.queue[0].arrived)
        return datetime.fromtimestamp(min(waiting), tz=UTC) if waiting else timezone.now()

    def backlog(self) -> int:
        """How many device messages arrived and wait to be handled."""
        return self._inbox.qsize() + len(self._retry) + (self._in_hand is not None)

    def _flush_telemetry(self) -> None:
        items = self.telemetry.flush()
        self.metrics["tele_stored"] += len(items)
        for item in items:
            self._ack(item)

    def process(self, timeout: float = 0.2, max_messages: int = 5000) -> int:
        """Handle what arrived (waiting up to `timeout` for the first message, and never past the moment
        the buffered telemetry is due); returns how many. The inbox empty, the buffer is `idle`: its
        batch is written after a quarter of `flush_ms` rather than waiting for rows that are not coming."""
        handled = 0
        pending = self._retry  # consumed in place: `read_until` sees what is left of it
        deadline = time.monotonic() + timeout
        item: Inbound | None = None
        try:
            while handled < max_messages:
                if pending:
                    item = pending.pop(0)
                else:
                    wait_until = min(deadline, self.telemetry.due_at(idle=True))
                    remaining = wait_until - time.monotonic() if handled == 0 else 0
                    try:
                        item = self._inbox.get(timeout=max(remaining, 0)) if remaining > 0 else self._inbox.get_nowait()
                    except queue.Empty:
                        break
                self._in_hand = item
                outcome = self.handle(item)
                self._in_hand = None
                handled += 1
                if outcome != "buffered":
                    self._ack(item)
                if self.telemetry.due():
                    self._flush_telemetry()
            if self.telemetry.due(idle=self._inbox.empty()):
                self._flush_telemetry()
        except DatabaseError:
            # The database went away: keep the message (and the unwritten batch) to retry on the next call.
            logger.exception("bridge database error; retrying")
            buffered = self.telemetry.tokens
            current = [item] if item is not None and all(item is not token for token in buffered) else []
            self._retry = [*buffered, *current, *pending]
            self._in_hand = None
            self.metrics["received"] -= 1
            self.telemetry.discard()
            close_old_connections()
            connection.close()
            time.sleep(0.5)
        return handled

    def run(self, stop: threading.Event, *, on_idle: Any = None) -> None:
        """Process until `stop` is set (a test's thread); `on_idle()` is called between batches."""
        try:
            while not stop.is_set():
                self.process(timeout=0.05)
                if on_idle is not None:
                    on_idle()
        finally:
            connection.close()
