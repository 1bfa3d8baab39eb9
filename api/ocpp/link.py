"""What both OCPP versions share: database calls off the event loop, the sequence numbers of state reports,
and the commands the gateway turns into OCPP calls (one at a time per charger, as OCPP requires)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import close_old_connections
from websockets.exceptions import ConnectionClosed

from api.models import Borne, CommandStatus
from api.ocpp import core
from api.ocpp.transactions import Meter

logger = logging.getLogger(__name__)

T = TypeVar("T")
_executor: ThreadPoolExecutor | None = None


def executor(threads: int = 4) -> ThreadPoolExecutor:
    """The threads that run the (synchronous) services for every charger of the process."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ocpp-db")
    return _executor


def _call(fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
    close_old_connections()
    return fn(**kwargs)


async def db(fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a synchronous service in a database thread."""
    return await asyncio.get_running_loop().run_in_executor(executor(), partial(_call, fn, kwargs))


def now_ms() -> int:
    return int(time.time() * 1000)


class GatewayLink:
    """Mixed into each version's `ChargePoint`: the cabinet, its boot id, the shared meter buffer."""

    version = ""
    borne: Borne
    meter: Meter
    _connection: Any  # set by the `ocpp` package's ChargePoint
    if TYPE_CHECKING:  # the `ocpp` package's ChargePoint, mixed in after this class
        async def start(self) -> None: ...
        async def call(self, payload: Any, suppress: bool = True) -> Any: ...

    def setup(self, *, borne: Borne, meter: Meter) -> None:
        self.borne = borne
        self.meter = meter
        self.boot_id = now_ms()
        self._seq = 0
        self.acted: set[str] = set()
        self.held: set[int] = set()
        self.ota_jobs: set[str] = set()

    def next_seq(self) -> int:
        self._seq = max(self._seq + 1, now_ms())
        return self._seq

    def next_boot(self) -> int:
        self.boot_id = max(self.boot_id + 1, now_ms())
        return self.boot_id

    async def command(self, command: core.Command) -> None:
        """Act on a command once per id (the re-send sweep publishes the same id again)."""
        if command.command_id in self.acted:
            return
        self.acted.add(command.command_id)
        try:
            status, message = await self.send_command(command)
        except (TimeoutError, ConnectionClosed):
            logger.warning("ocpp %s no answer to %s; the command fails after its ttl", self.borne.pk, command.action)
            self.acted.discard(command.command_id)
            return
        except Exception as exc:  # a CallError from the charger
            status, message = CommandStatus.REJECTED, f"{type(exc).__name__}: {exc}"[:500]
        await db(core.command_ack, command=command, status=status, message=message)

    async def send_command(self, command: core.Command) -> tuple[str, str]:
        raise NotImplementedError

    async def hold(self, hold: core.Hold) -> bool:
        raise NotImplementedError

    async def cancel_hold(self, reservation_id: int) -> bool:
        raise NotImplementedError

    async def update_firmware(self, url: str, job_id: str) -> bool:
        raise NotImplementedError

    async def sync_holds(self, holds: list[core.Hold], cancelled: list[int]) -> None:
        """ReserveNow for the reservations due at this charger, CancelReservation for those cancelled."""
        for reservation_id in cancelled:
            self.held.discard(reservation_id)
            await self.cancel_hold(reservation_id)
        for hold in holds:
            self.held.add(hold.reservation_id)
            await self.hold(hold)

    async def guarded(self, coro: Any) -> Any:
        """A call of our own initiative (not a command): a closed connection or no answer is only logged."""
        try:
            return await coro
        except (ConnectionClosed, TimeoutError) as exc:
            logger.info("ocpp %s call not answered: %s", self.borne.ocpp_identity, type(exc).__name__)
            return None

    async def connected(self) -> None:
        await db(core.charger_status, borne=self.borne, online=True, boot_id=self.boot_id)

    async def disconnected(self) -> None:
        await db(core.charger_status, borne=self.borne, online=False, boot_id=self.boot_id)


def accepted(result: Any) -> bool:
    """A call result whose `status` is Accepted (a CallError or a time-out is None here)."""
    return result is not None and str(getattr(result, "status", "")) in ("Accepted", "accepted")
