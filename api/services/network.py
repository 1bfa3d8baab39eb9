"""Writes of the physical network: stations, cabinets, bays and their devices. Every write is journaled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from api.errors import Conflict
from api.models import (
    Borne,
    Device,
    DeviceStatus,
    DeviceType,
    Emplacement,
    Reservation,
    Session,
    Station,
    Utilisateur,
)
from api.services.journal import journal_record

M = TypeVar("M", bound=models.Model)

_CONFLICT_MESSAGE = _("This record conflicts with another one (number or identifier already in use).")


def admin_journal(*, action: str, actor: Utilisateur | None, ip: str | None, obj: models.Model, **details: Any) -> None:
    """Record one admin write: which object, by whom; never a secret."""
    journal_record(
        action=action, utilisateur=actor, ip=ip,
        details={"model": obj._meta.model_name, "pk": obj.pk, **details},
    )


def _save(instance: M, data: dict[str, Any]) -> M:
    """Assign and save; a uniqueness race lost to another writer is a 409, never a 500."""
    for field, value in data.items():
        setattr(instance, field, value)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Conflict(_CONFLICT_MESSAGE, code="duplicate") from None
    return instance


def model_create(
    model: type[M], *, data: dict[str, Any], actor: Utilisateur | None, ip: str | None, action: str,
    after: Callable[[M], None] | None = None,
) -> M:
    """Create one row from validated data (plus `after` in the same transaction) and journal it."""
    with transaction.atomic():
        instance = _save(model(), data)
        if after is not None:
            after(instance)
        admin_journal(action=action, actor=actor, ip=ip, obj=instance)
    return instance


def model_update(
    instance: M, *, data: dict[str, Any], actor: Utilisateur | None, ip: str | None, action: str
) -> M:
    """Apply validated changes to one row and journal the names of the changed fields."""
    with transaction.atomic():
        _save(instance, data)
        admin_journal(action=action, actor=actor, ip=ip, obj=instance, fields=sorted(data))
    return instance


def model_delete(
    instance: models.Model, *, actor: Utilisateur | None, ip: str | None, action: str, history: str | None = None
) -> None:
    """Delete one row unless it has history: then 409 with the reason and the advice to deactivate it."""
    if history is not None:
        raise Conflict(
            _("Cannot delete: %(reason)s. Set it to inactive instead.") % {"reason": history},
            code="has_history",
        )
    try:
        with transaction.atomic():
            admin_journal(action=action, actor=actor, ip=ip, obj=instance)
            instance.delete()
    except (ProtectedError, IntegrityError):
        # History written by someone else between the check and the delete.
        raise Conflict(_("Cannot delete: data is attached to it."), code="has_history") from None


def _history(reservations: models.QuerySet[Reservation], sessions: models.QuerySet[Session]) -> str | None:
    if sessions.exists():
        return str(_("charging sessions are attached to it"))
    if reservations.exists():
        return str(_("bookings are attached to it"))
    return None


def station_create(*, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Station:
    return model_create(Station, data=data, actor=actor, ip=ip, action="station.created")


def station_update(*, station: Station, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Station:
    return model_update(station, data=data, actor=actor, ip=ip, action="station.updated")


def station_delete(*, station: Station, actor: Utilisateur | None, ip: str | None) -> None:
    history = _history(
        Reservation.objects.filter(emplacement__station=station), Session.objects.filter(emplacement__station=station)
    )
    model_delete(station, actor=actor, ip=ip, action="station.deleted", history=history)


def borne_create(*, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Borne:
    return model_create(Borne, data=data, actor=actor, ip=ip, action="borne.created")


def borne_update(*, borne: Borne, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Borne:
    """Update a cabinet; moving it to another station moves its bays' denormalized station too."""
    with transaction.atomic():
        model_update(borne, data=data, actor=actor, ip=ip, action="borne.updated")
        Emplacement.objects.filter(borne=borne).exclude(station_id=borne.station_id).update(station=borne.station_id)
    return borne


def borne_delete(*, borne: Borne, actor: Utilisateur | None, ip: str | None) -> None:
    history = _history(
        Reservation.objects.filter(emplacement__borne=borne), Session.objects.filter(emplacement__borne=borne)
    )
    model_delete(borne, actor=actor, ip=ip, action="borne.deleted", history=history)


def _provision_device(emplacement: Emplacement) -> None:
    Device.objects.create(emplacement=emplacement, type_device=DeviceType.ESP32, status=DeviceStatus.PROVISIONED)


def emplacement_create(*, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Emplacement:
    """Create a bay and, in the same transaction, its ESP32 `Device` in `provisioned`."""
    return model_create(
        Emplacement, data=data, actor=actor, ip=ip, action="emplacement.created", after=_provision_device
    )


def emplacement_update(
    *, emplacement: Emplacement, data: dict[str, Any], actor: Utilisateur | None, ip: str | None
) -> Emplacement:
    return model_update(emplacement, data=data, actor=actor, ip=ip, action="emplacement.updated")


def emplacement_delete(*, emplacement: Emplacement, actor: Utilisateur | None, ip: str | None) -> None:
    """Delete a bay without history; its `Device` goes with it."""
    history = _history(
        Reservation.objects.filter(emplacement=emplacement), Session.objects.filter(emplacement=emplacement)
    )
    model_delete(emplacement, actor=actor, ip=ip, action="emplacement.deleted", history=history)


def device_update(*, device: Device, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Device:
    return model_update(device, data=data, actor=actor, ip=ip, action="device.updated")
