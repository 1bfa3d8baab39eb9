"""Technicians, their station scope and maintenance work.

`technician_for_user` and `technician_station_ids` are the one place where a technician's scope is read:
every technician-facing view goes through them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from api.errors import Forbidden
from api.models import Maintenance, TechnicianStationRole, Technicien, TechnicienStation, Utilisateur

from .network import get_or_404


def technician_for_user(user: Utilisateur | Any) -> Technicien | None:
    """The `Technicien` linked to `user`, or None (anonymous, kiosk, or not a technician)."""
    if not getattr(user, "is_authenticated", False) or not isinstance(user, Utilisateur):
        return None
    return Technicien.objects.filter(utilisateur=user).first()


def technician_required(user: Utilisateur | Any) -> Technicien:
    """The user's `Technicien`; a user who is not a technician gets 403."""
    technicien = technician_for_user(user)
    if technicien is None:
        raise Forbidden(_("Access restricted to technicians."), code="not_a_technician")
    return technicien


def technician_station_ids(technicien: Technicien, *, acting: bool = False) -> set[int]:
    """Stations of the technician's active assignments; `acting=True` leaves out `observateur` ones."""
    assignments = TechnicienStation.objects.filter(technicien=technicien, is_active=True)
    if acting:
        assignments = assignments.exclude(role=TechnicianStationRole.OBSERVATEUR)
    return set(assignments.values_list("station_id", flat=True))


def technician_own_assignments(technicien: Technicien) -> QuerySet[TechnicienStation]:
    """The technician's active station assignments (what their console shows and lets them do)."""
    return TechnicienStation.objects.select_related("technicien", "station").filter(
        technicien=technicien, is_active=True
    ).order_by("station__nom", "station_id")


def _technicians() -> QuerySet[Technicien]:
    active = TechnicienStation.objects.filter(is_active=True).select_related("station")
    return Technicien.objects.select_related("utilisateur").prefetch_related(
        Prefetch("station_assignments", queryset=active, to_attr="active_assignments")
    )


def technician_list(*, station: int | None = None, q: str | None = None) -> QuerySet[Technicien]:
    queryset = _technicians()
    if station is not None:
        queryset = queryset.filter(
            station_assignments__station_id=station, station_assignments__is_active=True
        ).distinct()
    if q:
        queryset = queryset.filter(Q(nom__icontains=q) | Q(email__icontains=q) | Q(utilisateur__pseudo__icontains=q))
    return queryset


def technician_get(*, pk: Any) -> Technicien:
    return get_or_404(_technicians(), pk)


def _assignments() -> QuerySet[TechnicienStation]:
    return TechnicienStation.objects.select_related("technicien", "station")


def assignment_list(
    *, station: int | None = None, technicien: int | None = None, is_active: bool | None = None,
    role: str | None = None,
) -> QuerySet[TechnicienStation]:
    queryset = _assignments()
    if station is not None:
        queryset = queryset.filter(station_id=station)
    if technicien is not None:
        queryset = queryset.filter(technicien_id=technicien)
    if is_active is not None:
        queryset = queryset.filter(is_active=is_active)
    if role:
        queryset = queryset.filter(role=role)
    return queryset


def assignment_get(*, pk: Any) -> TechnicienStation:
    return get_or_404(_assignments(), pk)


def _maintenances() -> QuerySet[Maintenance]:
    # explicit order: Meta.ordering does not apply to an aggregated (GROUP BY) queryset, and pages need one
    return Maintenance.objects.select_related("station", "technicien").annotate(
        annotated_emplacement_count=Count("station__emplacements", distinct=True)
    ).order_by("-date_planifiee", "-id_maintenance")  # Maintenance.Meta.ordering


def maintenance_list(
    *, station: int | None = None, technicien: int | None = None, statut: str | None = None, q: str | None = None
) -> QuerySet[Maintenance]:
    queryset = _maintenances()
    if station is not None:
        queryset = queryset.filter(station_id=station)
    if technicien is not None:
        queryset = queryset.filter(technicien_id=technicien)
    if statut:
        queryset = queryset.filter(status=statut)
    if q:
        queryset = queryset.filter(Q(type__icontains=q) | Q(description__icontains=q) | Q(station__nom__icontains=q))
    return queryset


def maintenance_get(*, pk: Any) -> Maintenance:
    return get_or_404(_maintenances(), pk)


def technician_maintenance_list(*, technicien: Technicien, statut: str | None = None) -> QuerySet[Maintenance]:
    """Only the maintenance work assigned to this technician."""
    return maintenance_list(technicien=technicien.pk, statut=statut)
