"""The embedded MQTT broker (amqtt) for development and the default test run.

A convenience so that `make run` and `make test` work on a machine with nothing installed; production
uses a real broker (Mosquitto, EMQX, ...) through `MQTT_URL`. It runs in a daemon thread with its own
asyncio loop, listening on 127.0.0.1 only: MQTT over TCP, and MQTT over WebSocket for the kiosk screens
(with their own credentials and ACL: api.mqtt.kiosk_plugins).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from typing import Any

logger = logging.getLogger(__name__)


def free_local_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedBroker:
    """An amqtt broker on 127.0.0.1:<port> (and WebSocket on <ws_port>), started and stopped from sync code."""

    USERNAME = "local"

    def __init__(self, port: int | None = None, ws_port: int | None = None) -> None:
        self.port = port or free_local_port()
        self.ws_port = ws_port or free_local_port()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._broker: Any = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        # A user name (any, no password): amqtt keeps the offline queue of a persistent session only for
        # clients that are not anonymous, and the bridge relies on it while the worker restarts.
        return f"mqtt://{self.USERNAME}@127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        """MQTT over WebSocket, for the kiosk screens (any path: amqtt serves every one)."""
        return f"ws://127.0.0.1:{self.ws_port}/mqtt"

    def start(self, timeout: float = 10.0) -> EmbeddedBroker:
        """Start (or start again after `stop()`, on the same port: in-memory sessions and retained messages
        are lost, as with a crashed broker without persistence)."""
        self._started.clear()
        self._error = None
        self._broker = None
        self._thread = threading.Thread(target=self._run, name="embedded-mqtt-broker", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise RuntimeError("The embedded MQTT broker did not start in time.")
        if self._error is not None:
            raise RuntimeError(f"The embedded MQTT broker failed to start: {self._error}") from self._error
        logger.info("embedded MQTT broker listening on %s and %s", self.url, self.ws_url)
        return self

    def _run(self) -> None:
        from amqtt.broker import Broker

        from api.mqtt.kiosk_plugins import PLUGINS

        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        config = {
            "listeners": {
                "default": {"type": "tcp", "bind": f"127.0.0.1:{self.port}", "max_connections": 2000},
                "ws": {"type": "ws", "bind": f"127.0.0.1:{self.ws_port}", "max_connections": 200},
            },
            "plugins": PLUGINS,
        }

        async def boot() -> None:
            self._broker = Broker(config, loop=loop)
            await self._broker.start()

        try:
            loop.run_until_complete(boot())
        except BaseException as exc:  # reported to the caller of start()
            self._error = exc
            self._started.set()
            return
        self._started.set()
        loop.run_forever()
        loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        loop = self._loop
        if loop is None or self._broker is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._broker.shutdown(), loop)
        try:
            future.result(timeout)
        except Exception:  # best effort: the thread is a daemon
            logger.warning("embedded MQTT broker did not shut down cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)
        self._loop = self._broker = None
