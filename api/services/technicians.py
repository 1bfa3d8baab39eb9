"""Writes of technicians, their station assignments and maintenance work. Every write is journaled."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from api.models import (
    Maintenance,
    MaintenanceStatus,
    Station,
    StationStatus,
    Technicien,
    TechnicienStation,
    Utilisateur,
)
from api.services.network import model_create, model_delete, model_update
from api.services.reservations import reservations_cancel_for_maintenance
from api.services.transitions import (
    MAINTENANCE_TRANSITIONS,
    STATION_TRANSITIONS,
    transition,
    transition_where,
)

MS = MaintenanceStatus


def technician_create(*, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> Technicien:
    return model_create(Technicien, data=data, actor=actor, ip=ip, action="technician.created")


def technician_update(
    *, technicien: Technicien, data: dict[str, Any], actor: Utilisateur | None, ip: str | None
) -> Technicien:
    return model_update(technicien, data=data, actor=actor, ip=ip, action="technician.updated")


def technician_delete(*, technicien: Technicien, actor: Utilisateur | None, ip: str | None) -> None:
    """Delete a technician: assignments go, maintenances and alerts keep their history with no technician."""
    model_delete(technicien, actor=actor, ip=ip, action="technician.deleted")


def assignment_create(*, data: dict[str, Any], actor: Utilisateur | None, ip: str | None) -> TechnicienStation:
    return model_create(TechnicienStation, data=data, actor=actor, ip=ip, action="technician_assignment.created")


def assignment_update(
    *, assignment: TechnicienStation, data: dict[str, Any], actor: Utilisateur | None, ip: str | None
) -> TechnicienStation:
    return model_update(assignment, data=data, actor=actor, ip=ip, action="technician_assignment.updated")


def assignment_delete(*, assignment: TechnicienStation, actor: Utilisateur | None, ip: str | None) -> None:
    model_delete(assignment, actor=actor, ip=ip, action="technician_assignment.deleted")


def _put_station_in_maintenance(station_id: int) -> None:
    """The station goes into maintenance (once): its open bookings are cancelled and their drivers told."""
    moved = transition_where(Station, field="statut", target=StationStatus.MAINTENANCE,
                             transitions=STATION_TRANSITIONS, where=Q(pk=station_id))
    if moved:
        reservations_cancel_for_maintenance(station_id=station_id)


def maintenance_create(
    *, data: dict[str, Any], actor: Utilisateur | None, ip: str | None, station_maintenance: bool = False
) -> Maintenance:
    """Create a maintenance; `station_maintenance` with status `en_cours` puts the station in `maintenance`."""
    data = dict(data)
    if data.get("status") == MS.DONE and not data.get("date_realisee"):
        data["date_realisee"] = timezone.now()
    with transaction.atomic():
        maintenance = model_create(Maintenance, data=data, actor=actor, ip=ip, action="maintenance.created")
        if station_maintenance and maintenance.status == MS.IN_PROGRESS:
            _put_station_in_maintenance(maintenance.station_id)
    return maintenance


def maintenance_update(
    *, maintenance: Maintenance, data: dict[str, Any], actor: Utilisateur | None, ip: str | None,
    station_maintenance: bool = False,
) -> Maintenance:
    """Update a maintenance; a status change goes through `MAINTENANCE_TRANSITIONS` (409 otherwise).

    Moving to `realisee` stamps `date_realisee` when none is given; moving to `en_cours` with
    `station_maintenance` puts the station in `maintenance`.
    """
    data = dict(data)
    target = data.pop("status", None)
    with transaction.atomic():
        if target is not None and target != maintenance.status:
            changes: dict[str, Any] = {}
            if target == MS.DONE and not (data.get("date_realisee") or maintenance.date_realisee):
                changes["date_realisee"] = timezone.now()
            fresh = transition(
                Maintenance, pk=maintenance.pk, field="status", target=target,
                transitions=MAINTENANCE_TRANSITIONS, **changes,
            )
            maintenance.status = fresh.status
            maintenance.date_realisee = fresh.date_realisee
            data["status"] = target
            if station_maintenance and target == MS.IN_PROGRESS:
                _put_station_in_maintenance(maintenance.station_id)
        model_update(maintenance, data=data, actor=actor, ip=ip, action="maintenance.updated")
    return maintenance


def maintenance_delete(*, maintenance: Maintenance, actor: Utilisateur | None, ip: str | None) -> None:
    model_delete(maintenance, actor=actor, ip=ip, action="maintenance.deleted")
