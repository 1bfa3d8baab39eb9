"""Commands a kiosk made itself while the API was unreachable (docs/offline.md "Kiosk-made commands").

Offline, a kiosk opens a bay by publishing the device's `unlock` (and closes it with `stop_charge`) with a
command id of its own (a UUID), then reports the opening as an offline event carrying that `command_id`.
The device's ack and the event reach the backend in either order; both end in one `DeviceCommandLog`
(`source="kiosk"`, unique `command_id`) tied to the session the event opened, and the ack acts on that
session once, whichever came first:

- ack first: `kiosk_command_ack_first` keeps it (no action, no session yet); the event's
  `kiosk_command_claim` ties it to the session and applies what the ack said;
- event first: `kiosk_command_claim` records the command as `sent`; the ack then goes the usual way
  (`devices.device_command_ack`).

The device's state reports before the session existed moved only the device: at the claim a device that
reports charging moves the new session on to `charging`. Kiosk-made commands are neither re-sent nor
expired by the sweeps (the backend never published them).
"""

from __future__ import annotations

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from api.errors import Conflict
from api.models import CommandStatus, Device, DeviceCommandLog, DeviceStatus, Session, TerminalKey
from api.services import charging

logger = logging.getLogger(__name__)

KIOSK_SOURCE = "kiosk"


def kiosk_command_ack_first(*, device: Device, command_id: uuid.UUID, status: str,
                            message: str = "") -> DeviceCommandLog | None:
    """Keep the ack of a command the backend did not make, for the kiosk's event to claim.

    Only on a cabinet with a kiosk (an active terminal key) and for an id no other device used; None when
    it is not one (the caller refuses it), or when the event recorded it meanwhile (the caller retries).
    """
    borne_id = Device.objects.filter(pk=device.pk).values_list("emplacement__borne_id", flat=True).first()
    if borne_id is None or not TerminalKey.objects.filter(borne_id=borne_id, revoked_at__isnull=True).exists():
        return None
    if DeviceCommandLog.objects.filter(command_id=command_id).exists():
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            log = DeviceCommandLog.objects.create(
                device=device, command_id=command_id, action="", status=status, message=message[:500],
                source=KIOSK_SOURCE, payload={}, timestamp=now, updated_at=now, ttl_s=0,
            )
    except IntegrityError:
        return None
    Device.objects.filter(pk=device.pk).update(last_seen=now)
    logger.info("kiosk-made command acked before its event id=%s status=%s device=%s", command_id, status, device.pk)
    return log


def kiosk_command_claim(*, device: Device, command_id: uuid.UUID, action: str, session: Session) -> bool:
    """Tie a kiosk-made command to the session its offline event opened (or closed); once.

    True when this call tied it; False when it already was (a copy of the event). A command id of another
    device or another session is a Conflict (`command_mismatch`).
    """
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                DeviceCommandLog.objects.create(
                    device=device, session=session, command_id=command_id, action=action, status=CommandStatus.SENT,
                    source=KIOSK_SOURCE, payload={}, timestamp=now, updated_at=now, last_sent_at=now, ttl_s=0,
                )
            return True  # event first: the ack will find it
        except IntegrityError:
            pass
        log = DeviceCommandLog.objects.select_for_update().get(command_id=command_id)
        if log.device_id != device.pk or (log.session_id is not None and log.session_id != session.pk):
            raise Conflict(code="command_mismatch", extra={"reason": "command_mismatch"})
        if log.session_id is not None:
            return False
        DeviceCommandLog.objects.filter(pk=log.pk, session__isnull=True).update(
            session=session, action=action, updated_at=now)
        charging.session_command_result(session_id=session.pk, action=action, status=log.status)
    return True


def kiosk_session_catch_up(*, device: Device, session: Session) -> None:
    """A device already charging when the session is opened after the fact moves it to `charging`."""
    if Device.objects.filter(pk=device.pk, status=DeviceStatus.CHARGING).exists():
        charging.session_plug_state(session=session, plugged=True, charging=True)
