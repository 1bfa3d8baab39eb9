"""Reads of the booking domain, scoped by the actor: a foreign reservation is a 404."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from api.errors import NotFound
from api.models import (
    OPEN_RESERVATION_STATUSES,
    BorneStatus,
    Emplacement,
    EmplacementStatus,
    Reservation,
    Station,
    StationStatus,
    Utilisateur,
)


def bay_is_bookable(emplacement: Emplacement) -> bool:
    """Bay, cabinet and station are in service (a bay `occupe` now can still be booked for later)."""
    return statuses_bookable(emplacement.statut, emplacement.borne.statut, emplacement.station.statut)


def statuses_bookable(bay: str, borne: str, station: str) -> bool:
    """`bay_is_bookable` from the three statuses."""
    return bay != EmplacementStatus.MAINTENANCE and borne == BorneStatus.ACTIVE and station == StationStatus.ACTIVE


def overlapping(queryset: Any, *, date_debut: datetime, date_fin: datetime) -> Any:
    """Open reservations of `queryset` whose `[date_debut, date_fin)` meets the slot's."""
    return queryset.filter(statut__in=OPEN_RESERVATION_STATUSES, date_debut__lt=date_fin, date_fin__gt=date_debut)


def booking_state(
    *, utilisateur_id: int, emplacement_id: int, date_debut: datetime, date_fin: datetime, holding: Collection[str]
) -> dict[str, Any] | None:
    """Everything a booking's refusals depend on, in one statement (None: no such bay): the bay's, its
    cabinet's and its station's status, the user's `holding` reservations, the user's open ones meeting the
    slot, and whether an open one of the bay meets it."""
    mine = Reservation.objects.filter(utilisateur_id=utilisateur_id).order_by().values("utilisateur_id")

    def count(condition: Q) -> Coalesce:
        rows = mine.filter(condition).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    slot = Q(statut__in=OPEN_RESERVATION_STATUSES, date_debut__lt=date_fin, date_fin__gt=date_debut)
    row = (
        Emplacement.objects.filter(pk=emplacement_id)
        .annotate(
            holding=count(Q(statut__in=holding)),
            overlapping=count(slot),
            taken=Exists(Reservation.objects.filter(slot, emplacement_id=OuterRef("pk"))),
        )
        .values("statut", "borne__statut", "station__statut", "holding", "overlapping", "taken")
        .first()
    )
    return dict(row) if row is not None else None


def _with_relations(queryset: QuerySet[Reservation]) -> QuerySet[Reservation]:
    return queryset.select_related(
        "utilisateur", "emplacement__borne", "emplacement__station", "authentification__type_auth"
    )


def reservations_of(*, user: Utilisateur) -> QuerySet[Reservation]:
    return _with_relations(Reservation.objects.filter(utilisateur=user)).order_by("-date_debut", "-id_reservation")


def reservation_of(*, user: Utilisateur, pk: int) -> Reservation:
    reservation = _with_relations(Reservation.objects.filter(utilisateur=user, pk=pk)).first()
    if reservation is None:
        raise NotFound()
    return reservation


def reservation_for_admin(*, pk: int) -> Reservation:
    reservation = _with_relations(Reservation.objects.filter(pk=pk)).first()
    if reservation is None:
        raise NotFound()
    return reservation


def station_get(*, pk: int) -> Station:
    station = Station.objects.filter(pk=pk).first()
    if station is None:
        raise NotFound()
    return station


def station_bays_availability(*, station: Station, date_debut: datetime, date_fin: datetime) -> list[dict[str, Any]]:
    """Every bay of `station` with `available` for the slot: two queries whatever the number of bays."""
    bays = list(
        Emplacement.objects.filter(station=station)
        .select_related("borne", "station")
        .order_by("borne__numero", "numero")
    )
    taken = set(
        overlapping(
            Reservation.objects.filter(emplacement__station=station), date_debut=date_debut, date_fin=date_fin
        ).values_list("emplacement_id", flat=True)
    )
    return [{"emplacement": bay, "available": bay_is_bookable(bay) and bay.pk not in taken} for bay in bays]


def reservations_filtered(
    *, stations: Collection[int] | None = None, station: int | None = None, statut: str | None = None,
    q: str | None = None,
) -> QuerySet[Reservation]:
    """Every reservation matching the console's filters; `stations` (None: the whole network) is a scope."""
    queryset = Reservation.objects.all()
    if stations is not None:
        queryset = queryset.filter(emplacement__station_id__in=stations)
    if station is not None:
        queryset = queryset.filter(emplacement__station_id=station)
    if statut:
        queryset = queryset.filter(statut=statut)
    if q:
        queryset = queryset.filter(
            Q(reference_code__icontains=q) | Q(utilisateur__pseudo__icontains=q) | Q(utilisateur__email__icontains=q)
        )
    return queryset


def upcoming_reservation(now: datetime) -> Q:
    """Open and not finished: the `upcoming` list; every other reservation is `archived`."""
    return Q(statut__in=OPEN_RESERVATION_STATUSES, date_fin__gt=now)


def admin_reservation_lists(
    *, station: int | None = None, statut: str | None = None, q: str | None = None, now: datetime | None = None,
    stations: Collection[int] | None = None,
) -> dict[str, QuerySet[Reservation]]:
    """`upcoming` (open and not finished) and `archived` (the rest), with the admin filters applied.

    `stations`: only the reservations of those stations (a technician's scope); None: the whole network.
    """
    now = now or timezone.now()
    queryset = _with_relations(reservations_filtered(stations=stations, station=station, statut=statut, q=q))
    upcoming = upcoming_reservation(now)
    return {
        "upcoming": queryset.filter(upcoming).order_by("date_debut", "id_reservation"),
        "archived": queryset.exclude(upcoming).order_by("-date_debut", "-id_reservation"),
    }
