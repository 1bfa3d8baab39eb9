"""Alert rules (settings an operator can change): evaluated on sensor data, telemetry and device state.

Thresholds are `ALERT_*` settings (device-protocol.md defaults). Each rule raises or refreshes an alert
through `alert_raise`, so a repeated condition never adds rows.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_noop

from api.i18n import stored_text
from api.models import (
    Alerte,
    AlertSeverity,
    CapteurData,
    Device,
    LockState,
    Session,
)
from api.selectors.terminal import open_session_of
from api.services.alerts import alert_raise

# Alert types (stable identifiers, used by filters and de-duplication).
TEMPERATURE = "temperature"
DOOR_OPEN_LOCKED = "door_open_locked"
OVERCURRENT = "overcurrent"
DEVICE_OFFLINE_DURING_SESSION = "device_offline_session"
LOCK_FAULT = "lock_fault"
DEVICE_FAULT = "device_fault"
SESSION_ERROR = "session_error"
OFFLINE_EVENT_CONFLICT = "offline_event_conflict"


def evaluate_sensor_reading(*, device: Device, sensor_type: str, data: CapteurData) -> Alerte | None:
    """Temperature above `ALERT_TEMPERATURE_HIGH` (haute) or `_CRITICAL` (critique); door open while locked."""
    value = data.valeur
    if sensor_type == "temperature":
        if value > settings.ALERT_TEMPERATURE_CRITICAL:
            severity = AlertSeverity.CRITIQUE
        elif value > settings.ALERT_TEMPERATURE_HIGH:
            severity = AlertSeverity.HIGH
        else:
            return None
        alert, _ = alert_raise(
            type=TEMPERATURE, severity=severity, device=device, data=data,
            message=stored_text(gettext_noop("Temperature of %(value).1f °C in the bay."), value=value),
        )
        return alert
    if sensor_type == "door" and value >= 1:
        locked = device.emplacement.lock_state == LockState.LOCKED
        if locked and open_session_of(device) is None:
            alert, _ = alert_raise(
                type=DOOR_OPEN_LOCKED, severity=AlertSeverity.HIGH, device=device, data=data,
                message=stored_text(gettext_noop("Door open while the bay is locked and has no session.")),
            )
            return alert
    return None


def evaluate_current(*, device: Device, session: Session | None, courant: float) -> Alerte | None:
    """Current above `ALERT_OVERCURRENT_AMPS`."""
    if courant <= settings.ALERT_OVERCURRENT_AMPS:
        return None
    alert, _ = alert_raise(
        type=OVERCURRENT, severity=AlertSeverity.HIGH, device=device, session=session,
        message=stored_text(gettext_noop("Overcurrent: %(current).1f A (threshold %(threshold).0f A)."),
                            current=courant, threshold=settings.ALERT_OVERCURRENT_AMPS),
    )
    return alert


def evaluate_device_offline(*, device: Device) -> Alerte | None:
    """A device going offline while its bay has an open session."""
    session = open_session_of(device)
    if session is None:
        return None
    alert, _ = alert_raise(
        type=DEVICE_OFFLINE_DURING_SESSION, severity=AlertSeverity.CRITIQUE, device=device, session=session,
        message=stored_text(gettext_noop("Equipment offline during a charging session.")),
    )
    return alert


def evaluate_lock_state(*, device: Device, lock: str, fault: str | None) -> Alerte | None:
    """A blocked lock, or a fault code reported by the device."""
    if lock == LockState.BLOCKED:
        alert, _ = alert_raise(
            type=LOCK_FAULT, severity=AlertSeverity.HIGH, device=device, session=open_session_of(device),
            message=stored_text(gettext_noop("Lock blocked.")),
        )
        return alert
    if fault:
        alert, _ = alert_raise(
            type=DEVICE_FAULT, severity=AlertSeverity.HIGH, device=device, session=open_session_of(device),
            message=stored_text(gettext_noop("Fault reported by the equipment: %(fault)s"), fault=fault[:64]),
        )
        return alert
    return None


def raise_session_error(*, session: Session, reason: str) -> Alerte:
    """A session that ended in `error`."""
    alert, _ = alert_raise(
        type=SESSION_ERROR, severity=AlertSeverity.HIGH, session=session,
        station=session.emplacement.station,
        message=stored_text(gettext_noop("Session %(id)s in error: %(reason)s."), id=session.pk, reason=reason),
    )
    return alert
