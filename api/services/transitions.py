"""The one place where statuses change: explicit maps of allowed transitions, applied as conditional updates.

`transition(...)` moves one row from an allowed state to another with
`filter(pk=..., <field>__in=<sources>).update(...)`, so two concurrent callers can never both win and
an invalid move raises `InvalidTransition` (409). `transition_where(...)` is the same conditional update
for moves that may rightly not happen (a repeated or stale device report, a bulk move): it answers how
many rows moved instead of raising. Every status of the lifecycles below is written by these functions
only; an admin's edit of an inventory record (`statut` of a station, cabinet or bay in the admin
network views) is an edit of the record, validated by its serializer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.errors import InvalidTransition, NotFound
from api.models import (
    AlertStatus,
    ChargeSessionState,
    CommandStatus,
    DeviceStatus,
    EmplacementStatus,
    FirmwareUpdateStatus,
    MaintenanceStatus,
    MobileSessionStatus,
    ReservationStatus,
    StationStatus,
)

S = ChargeSessionState
R = ReservationStatus
A = AlertStatus
C = CommandStatus
P = MobileSessionStatus

RESERVATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    R.PENDING: frozenset({R.CONFIRMED, R.CANCELLED}),
    R.CONFIRMED: frozenset({R.ACTIVE, R.CANCELLED, R.PENDING}),
    R.ACTIVE: frozenset({R.COMPLETED}),
    R.CANCELLED: frozenset(),
    R.COMPLETED: frozenset(),
}

CHARGE_SESSION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    S.RESERVED: frozenset({S.ACCESS_VALIDATED, S.ERROR}),
    S.ACCESS_VALIDATED: frozenset({S.WAITING_PLUG, S.CHARGING, S.STOPPING, S.ERROR}),
    S.WAITING_PLUG: frozenset({S.CHARGING, S.STOPPING, S.ERROR}),
    S.CHARGING: frozenset({S.STOPPING, S.ERROR}),
    S.STOPPING: frozenset({S.STOPPED, S.ERROR}),
    S.STOPPED: frozenset(),
    S.ERROR: frozenset({S.STOPPING, S.STOPPED}),
}

# Legacy values (`active`, `closed`) are read as `nouvelle` and `fermee`.
ALERT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    A.NEW: frozenset({A.IN_PROGRESS, A.RESOLVED, A.FERMEE}),
    A.ACTIVE: frozenset({A.IN_PROGRESS, A.RESOLVED, A.FERMEE}),
    A.IN_PROGRESS: frozenset({A.RESOLVED, A.FERMEE}),
    A.RESOLVED: frozenset({A.FERMEE}),
    A.FERMEE: frozenset(),
    A.CLOSED: frozenset(),
}

COMMAND_TRANSITIONS: Mapping[str, frozenset[str]] = {
    C.PENDING: frozenset({C.SENT, C.RECEIVED, C.DONE, C.FAILED, C.REJECTED}),
    C.SENT: frozenset({C.RECEIVED, C.DONE, C.FAILED, C.REJECTED}),
    C.RECEIVED: frozenset({C.DONE, C.FAILED, C.REJECTED}),
    C.DONE: frozenset(),
    C.FAILED: frozenset(),
    C.REJECTED: frozenset(),
}

MOBILE_SESSION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    P.PENDING: frozenset({P.AUTHORIZED, P.EXPIRED}),
    P.AUTHORIZED: frozenset({P.CONSUMED, P.EXPIRED}),
    P.CONSUMED: frozenset(),
    P.EXPIRED: frozenset(),
}

MS = MaintenanceStatus
MAINTENANCE_TRANSITIONS: Mapping[str, frozenset[str]] = {
    MS.PLANNED: frozenset({MS.IN_PROGRESS, MS.DONE, MS.CANCELLED}),
    MS.IN_PROGRESS: frozenset({MS.PLANNED, MS.DONE, MS.CANCELLED}),
    MS.DONE: frozenset(),
    MS.CANCELLED: frozenset({MS.PLANNED}),
}

# A station goes into maintenance from service (a technician's maintenance `en_cours`).
STATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    StationStatus.ACTIVE: frozenset({StationStatus.MAINTENANCE}),
    StationStatus.MAINTENANCE: frozenset(),
    StationStatus.INACTIVE: frozenset(),
}

# A bay is `occupe` while a session is open on it, `disponible` again once it stopped.
B = EmplacementStatus
BAY_TRANSITIONS: Mapping[str, frozenset[str]] = {
    B.AVAILABLE: frozenset({B.OCCUPIED}),
    B.RESERVED: frozenset({B.OCCUPIED, B.AVAILABLE}),
    B.OCCUPIED: frozenset({B.AVAILABLE}),
    B.MAINTENANCE: frozenset({B.OCCUPIED, B.AVAILABLE}),
}

# What the device reports is its state: any reported status may follow any other (never back to
# `provisioned`, the inventory's initial value).
D = DeviceStatus
DEVICE_STATUS_TRANSITIONS: Mapping[str, frozenset[str]] = {
    source: frozenset(status for status in D if status not in (source, D.PROVISIONED)) for source in D
}

# Compliance is computed from what the device reports and what the admin scheduled: any value may follow
# any other (never back to `unknown`).
F = FirmwareUpdateStatus
FIRMWARE_TRANSITIONS: Mapping[str, frozenset[str]] = {
    source: frozenset(status for status in F if status not in (source, F.UNKNOWN)) for source in F
}

M = TypeVar("M", bound=models.Model)


def sources_of(transitions: Mapping[str, frozenset[str]], target: str) -> list[str]:
    """Every state from which `target` may be reached."""
    return [source for source, targets in transitions.items() if target in targets]


def can_transition(transitions: Mapping[str, frozenset[str]], source: str, target: str) -> bool:
    return target in transitions.get(source, frozenset())


def transition(
    model: type[M],
    *,
    pk: Any,
    field: str,
    target: str,
    transitions: Mapping[str, frozenset[str]],
    sources: list[str] | None = None,
    stamp_field: str | None = None,
    **changes: Any,
) -> M:
    """Move row `pk` to `target` if its current `field` allows it; return the fresh row.

    `sources` narrows the allowed origins further (e.g. only `stopping` -> `stopped` for an ack).
    `stamp_field`, when given, is set to now. Raises `NotFound` or `InvalidTransition`.
    """
    transition_apply(model, pk=pk, field=field, target=target, transitions=transitions, sources=sources,
                     stamp_field=stamp_field, **changes)
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def transition_apply(
    model: type[models.Model],
    *,
    pk: Any,
    field: str,
    target: str,
    transitions: Mapping[str, frozenset[str]],
    sources: list[str] | None = None,
    stamp_field: str | None = None,
    **changes: Any,
) -> None:
    """`transition` for a caller that does not need the row back: one statement when the move is allowed."""
    allowed = sources_of(transitions, target)
    if sources is not None:
        allowed = [state for state in allowed if state in sources]
    values: dict[str, Any] = {field: target, **changes}
    if stamp_field:
        values[stamp_field] = timezone.now()
    if model._default_manager.filter(pk=pk, **{f"{field}__in": allowed}).update(**values) == 1:
        return
    current = model._default_manager.filter(pk=pk).values_list(field, flat=True).first()
    if current is None:
        raise NotFound()
    raise InvalidTransition(
        _("Cannot go from %(source)s to %(target)s.") % {"source": current, "target": target},
        extra={"current": current},
    )


def transition_where(
    model: type[models.Model],
    *,
    field: str,
    target: str,
    transitions: Mapping[str, frozenset[str]],
    sources: list[str] | None = None,
    stay: bool = False,
    where: models.Q | None = None,
    **changes: Any,
) -> int:
    """Move every row matching `where` whose `field` allows `target`; answer how many moved (no refusal).

    `stay` also lets a row already in `target` take the other `changes` (a repeated device report still
    moves `last_seen`).
    """
    allowed = sources_of(transitions, target)
    if sources is not None:
        allowed = [state for state in allowed if state in sources]
    if stay:
        allowed = [*allowed, target]
    rows = model._default_manager.filter(**{f"{field}__in": allowed})
    if where is not None:
        rows = rows.filter(where)
    return rows.update(**{field: target, **changes})
