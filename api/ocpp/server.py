"""The gateway process: a WebSocket server for the chargers and an MQTT subscriber for their cabinets' commands.

A charger connects to `ws://<OCPP_LISTEN>/ocpp/<identity>` with the subprotocol `ocpp1.6` or `ocpp2.0.1` and
HTTP Basic `<identity>:<password>`; a wrong password, an unknown identity or no OCPP subprotocol is refused at
the handshake. While it is connected the gateway subscribes to `<prefix>/bay/+/cmd` and `<prefix>/bay/+/ota` of
its cabinet: the core's commands (recorded in the command log, re-sent and timed out by the worker's sweeps)
become OCPP calls, and the answers go back through the same ack service as an ESP32's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import os
import re
import socket
import threading
from http import HTTPStatus
from typing import Any

import paho.mqtt.client as mqtt
from django.conf import settings
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from api.models import Borne
from api.mqtt.client import new_client
from api.mqtt.config import broker_config
from api.mqtt.topics import parse_topic
from api.ocpp import core
from api.ocpp.link import GatewayLink, db
from api.ocpp.transactions import Meter
from api.ocpp.v16 import ChargePoint16
from api.ocpp.v201 import ChargePoint201
from api.services.ocpp import ocpp_borne_authenticate

logger = logging.getLogger(__name__)

SUBPROTOCOLS = {"ocpp1.6": ChargePoint16, "ocpp2.0.1": ChargePoint201}
PATH_RE = re.compile(r"^/ocpp/(?P<identity>[A-Za-z0-9._-]{1,48})/?$")


def parse_listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.startswith("Basic "):
        return None
    try:
        user, sep, password = base64.b64decode(header[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


class Gateway:
    """One process's chargers: the connections by identity, the cabinets' topics, the shared meter buffer."""

    def __init__(self, *, host: str, port: int, tick_s: float | None = None) -> None:
        self.host, self.port = host, port
        self.tick_s = tick_s if tick_s is not None else settings.OCPP_TICK_SECONDS
        self.links: dict[str, GatewayLink] = {}
        self.by_prefix: dict[str, GatewayLink] = {}
        self.meter = Meter()
        self.metrics: dict[str, int] = {"connections": 0, "refused": 0, "messages": 0}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.mqtt: mqtt.Client | None = None
        self.server: Server | None = None

    # --- handshake ----------------------------------------------------------------------------------

    async def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        match = PATH_RE.match(request.path)
        credentials = basic_credentials(request.headers.get("Authorization"))
        borne = None
        if match is not None and credentials is not None and credentials[0] == match["identity"]:
            borne = await db(ocpp_borne_authenticate, identity=match["identity"], password=credentials[1])
        if borne is None:
            self.metrics["refused"] += 1
            logger.warning("ocpp handshake refused path=%s", request.path[:80])
            response = connection.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")
            response.headers["WWW-Authenticate"] = 'Basic realm="ocpp"'
            return response
        connection.borne = borne  # type: ignore[attr-defined]
        return None

    async def handler(self, connection: ServerConnection) -> None:
        borne: Borne = connection.borne  # type: ignore[attr-defined]
        link_class = SUBPROTOCOLS.get(connection.subprotocol or "")
        if link_class is None:
            await connection.close(1002, "an OCPP subprotocol is required")
            return
        link = link_class(borne.ocpp_identity, connection, response_timeout=settings.OCPP_CALL_TIMEOUT_SECONDS)
        link.setup(borne=borne, meter=self.meter)
        previous = self.links.get(borne.ocpp_identity or "")
        self._register(link)
        if previous is not None:
            await previous._connection.close(1000, "replaced by a new connection")
        self.metrics["connections"] += 1
        logger.info("ocpp connected identity=%s version=%s", borne.ocpp_identity, link.version)
        try:
            await link.connected()
            await link.start()
        except ConnectionClosed:
            pass
        finally:
            self.metrics["connections"] -= 1
            if self.links.get(borne.ocpp_identity or "") is link:
                self._unregister(link)
            await link.disconnected()
            logger.info("ocpp disconnected identity=%s", borne.ocpp_identity)

    def _register(self, link: GatewayLink) -> None:
        self.links[link.borne.ocpp_identity or ""] = link
        self.by_prefix[link.borne.mqtt_prefix] = link
        if self.mqtt is not None:
            for kind in ("cmd", "ota"):
                self.mqtt.subscribe(f"{link.borne.mqtt_prefix}/bay/+/{kind}", qos=1)

    def _unregister(self, link: GatewayLink) -> None:
        self.links.pop(link.borne.ocpp_identity or "", None)
        self.by_prefix.pop(link.borne.mqtt_prefix, None)
        if self.mqtt is not None:
            self.mqtt.unsubscribe([f"{link.borne.mqtt_prefix}/bay/+/{kind}" for kind in ("cmd", "ota")])

    # --- commands from the core ---------------------------------------------------------------------

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        if self.loop is not None:
            asyncio.run_coroutine_threadsafe(self.dispatch(message.topic, bytes(message.payload)), self.loop)

    def _on_connect(self, client: mqtt.Client, *args: Any) -> None:
        for link in list(self.by_prefix.values()):
            for kind in ("cmd", "ota"):
                client.subscribe(f"{link.borne.mqtt_prefix}/bay/+/{kind}", qos=1)

    async def dispatch(self, topic: str, raw: bytes) -> None:
        parsed = parse_topic(topic)
        link = self.by_prefix.get(parsed.prefix) if parsed is not None else None
        if parsed is None or link is None:
            return
        if parsed.kind == "cmd":
            command = await db(core.command_open, borne=link.borne, connector=parsed.bay, raw=raw)
            if command is not None:
                asyncio.ensure_future(link.command(command))
        elif parsed.kind == "ota":
            job = await db(core.ota_job_open, borne=link.borne, connector=parsed.bay, raw=raw)
            if job is not None and str(job.job_id) not in link.ota_jobs:
                link.ota_jobs.add(str(job.job_id))
                asyncio.ensure_future(link.update_firmware(job.url, str(job.job_id)))

    def _start_mqtt(self) -> None:
        config = broker_config()
        if config is None:
            logger.warning("ocpp gateway without an MQTT broker: commands will not reach the chargers")
            return
        client_id = f"{settings.MQTT_CLIENT_PREFIX}-ocpp-{socket.gethostname()}-{os.getpid()}-{id(self) % 10000}"
        client = new_client(config, client_id=client_id, clean_session=True)
        client.on_message = self._on_message
        client.on_connect = self._on_connect
        client.connect_async(config.host, config.port, keepalive=30)
        client.loop_start()
        self.mqtt = client

    # --- periodic work ------------------------------------------------------------------------------

    async def ticker(self) -> None:
        """Meter values flushed in batches; reservations held at (or released from) the chargers."""
        last_holds = 0.0
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(min(0.2, self.tick_s))
            if self.meter.due():
                try:
                    await db(self.meter.flush)
                except Exception:
                    logger.exception("ocpp meter flush failed; kept for the next tick")
            if self.links and loop.time() - last_holds >= self.tick_s:
                last_holds = loop.time()
                links = {link.borne.pk: link for link in self.links.values()}
                try:
                    due = await db(core.holds_due, held={pk: set(link.held) for pk, link in links.items()})
                except Exception:
                    logger.exception("ocpp reservations sweep failed")
                    continue
                for pk, (holds, cancelled) in due.items():
                    if holds or cancelled:
                        asyncio.ensure_future(self._guarded(links[pk].sync_holds(holds, cancelled)))

    @staticmethod
    async def _guarded(coro: Any) -> None:
        try:
            await coro
        except (ConnectionClosed, TimeoutError):
            pass
        except Exception:
            logger.exception("ocpp periodic task failed")

    async def serve(self, stop: asyncio.Event, ready: Any = None) -> None:
        """Serve until `stop` is set; `ready.set()` once listening."""
        self.loop = asyncio.get_running_loop()
        self._start_mqtt()
        async with serve(self.handler, self.host, self.port, subprotocols=list(SUBPROTOCOLS),  # type: ignore[arg-type]
                         process_request=self.process_request, ping_interval=60, max_size=65536) as server:
            self.server = server
            self.port = next(iter(server.sockets)).getsockname()[1]
            logger.info("ocpp gateway listening on ws://%s:%s/ocpp/<identity>", self.host, self.port)
            ticker = asyncio.ensure_future(self.ticker())
            if ready is not None:
                ready.set()
            await stop.wait()
            ticker.cancel()
        await db(self.meter.flush)
        if self.mqtt is not None:
            self.mqtt.disconnect()
            self.mqtt.loop_stop()


class GatewayThread:
    """The gateway in a thread of its own (tests, benchmark): `start()` returns once it listens."""

    def __init__(self, **kwargs: Any) -> None:
        self.gateway = Gateway(**kwargs)
        self.loop = asyncio.new_event_loop()
        self.stop_event = asyncio.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="ocpp-gateway")
        self.ready = threading.Event()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.gateway.serve(self.stop_event, self.ready))

    def start(self) -> GatewayThread:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the OCPP gateway did not start")
        return self

    @property
    def url(self) -> str:
        return f"ws://{self.gateway.host}:{self.gateway.port}/ocpp"

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(10)
