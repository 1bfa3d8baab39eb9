"""Periodic background work of the worker. Every sweep claims its rows with a conditional update, so any
number of workers may run them at once and no job is done twice. Each returns how many rows it handled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from api.models import ChargeSessionState, Device, DeviceCommandLog, DeviceStatus, Session
from api.services import charging, devices
from api.services.alerts import alerts_renotify_due
from api.services.delivery import outbox_deliver_due
from api.services.driver_events import driver_reminders_enqueue
from api.services.kiosk_commands import KIOSK_SOURCE
from api.services.reservations import reservation_release_no_shows

logger = logging.getLogger(__name__)


def _answers_heard_until(read_until: datetime | None, now: datetime) -> datetime:
    return now if read_until is None else min(read_until, now)


def sweep_command_resend(*, limit: int = 200, read_until: datetime | None = None) -> int:
    """Re-publish (same `command_id`) commands with no `received` after `DEVICE_COMMAND_RESEND_SECONDS`.

    `read_until`: the instant up to which the worker has handled its device messages (`Bridge.read_until`;
    default now): a device's answer still waiting in the worker is not a silence.
    """
    now = timezone.now()
    cutoff = _answers_heard_until(read_until, now) - timedelta(seconds=settings.DEVICE_COMMAND_RESEND_SECONDS)
    due = DeviceCommandLog.objects.filter(status__in=devices.OPEN_COMMAND_STATUSES[:2], timestamp__lte=cutoff).filter(
        Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=cutoff)
    ).exclude(source=KIOSK_SOURCE)[:limit]
    count = 0
    for log in due:
        if log.timestamp + timedelta(seconds=log.ttl_s) <= now:
            continue  # past its ttl: the expiry sweep fails it
        claimed = DeviceCommandLog.objects.filter(pk=log.pk, attempts=log.attempts, last_sent_at=log.last_sent_at)
        if claimed.update(last_sent_at=now) != 1:
            continue  # another worker took it
        devices.device_command_resend(log=log)
        logger.info("sweep command_resend id=%s attempt=%s", log.command_id, log.attempts + 1)
        count += 1
    return count


def sweep_command_expire(*, limit: int = 500, read_until: datetime | None = None) -> int:
    """Mark `failed` every command not done within its `ttl_s` (and end its session in error).

    `read_until` as for `sweep_command_resend`: the ttl is counted up to it, so a `done` waiting in the worker
    does not fail its command. Not the kiosk-made ones (api.services.kiosk_commands): the backend never
    published them.
    """
    heard = _answers_heard_until(read_until, timezone.now())
    candidates = DeviceCommandLog.objects.filter(
        status__in=devices.OPEN_COMMAND_STATUSES, timestamp__lte=heard - timedelta(seconds=1)
    ).exclude(source=KIOSK_SOURCE).order_by("timestamp")[:limit]
    return sum(
        1 for log in candidates
        if log.timestamp + timedelta(seconds=log.ttl_s) <= heard and devices.device_command_expire(log=log)
    )


def sweep_devices_offline() -> int:
    """Devices silent for longer than `DEVICE_OFFLINE_AFTER_SECONDS` become `offline`."""
    cutoff = timezone.now() - timedelta(seconds=settings.DEVICE_OFFLINE_AFTER_SECONDS)
    silent = Device.objects.filter(last_seen__lt=cutoff).exclude(
        status__in=(DeviceStatus.OFFLINE, DeviceStatus.PROVISIONED)
    )
    return sum(1 for device in silent if devices.device_mark_offline(device=device))


def sweep_plug_timeouts() -> int:
    """Sessions still waiting for the plug after `SESSION_PLUG_TIMEOUT_SECONDS` end in error."""
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_PLUG_TIMEOUT_SECONDS)
    waiting = Session.objects.filter(
        charge_state__in=(ChargeSessionState.ACCESS_VALIDATED, ChargeSessionState.WAITING_PLUG),
        charge_state_updated_at__lte=cutoff,
    ).select_related("emplacement")
    return sum(1 for session in waiting if charging.session_plug_timeout(session=session))


# The command sweeps judge a device's silence by what the worker has read (`run_sweeps`' `read_until`).
COMMAND_SWEEPS: dict[str, Callable[..., int]] = {
    "command_resend": sweep_command_resend,
    "command_expire": sweep_command_expire,
}
SWEEPS: dict[str, Callable[[], int]] = {
    "devices_offline": sweep_devices_offline,
    "plug_timeouts": sweep_plug_timeouts,
    "reservation_no_shows": reservation_release_no_shows,
    "alerts_renotify": alerts_renotify_due,
    "driver_reminders": driver_reminders_enqueue,
    "outbox": outbox_deliver_due,
}


def run_sweeps(*, read_until: datetime | None = None) -> dict[str, int]:
    """Every sweep once; the counts of what was done.

    `read_until`: the instant up to which this worker's bridge has handled the devices' messages
    (`Bridge.read_until`): a command is re-sent or failed for want of an answer only if its device had the
    time to answer before it (a worker behind its messages would otherwise re-send commands already answered,
    which adds to its backlog, or fail them). None: now. The reservation no-shows, the critical alert
    re-notification and the outbox delivery are the booking, supervision and delivery services themselves
    (one implementation each), claimed row by row as well.
    """
    counts = {name: sweep(read_until=read_until) for name, sweep in COMMAND_SWEEPS.items()}
    return counts | {name: sweep() for name, sweep in SWEEPS.items()}
