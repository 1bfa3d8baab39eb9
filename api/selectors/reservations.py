"""Reads of the booking domain, scoped by the actor: a foreign reservation is a 404."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from api.errors import NotFound
from api.models import (
    OPEN_RESERVATION_STATUSES,
    Borne,
    BorneStatus,
    Emplacement,
    EmplacementStatus,
    Reservation,
    Station,
    StationStatus,
    Utilisateur,
)
from api.selectors.account_checks import AccountRow


def bay_is_bookable(emplacement: Emplacement) -> bool:
    """Bay, cabinet and station are in service (a bay `occupe` now can still be booked for later)."""
    return statuses_bookable(emplacement.statut, emplacement.borne.statut, emplacement.station.statut)


def statuses_bookable(bay: str, borne: str, station: str) -> bool:
    """`bay_is_bookable` from the three statuses."""
    return bay != EmplacementStatus.MAINTENANCE and borne == BorneStatus.ACTIVE and station == StationStatus.ACTIVE


def overlapping(queryset: Any, *, date_debut: datetime, date_fin: datetime) -> Any:
    """Open reservations of `queryset` whose `[date_debut, date_fin)` meets the slot's."""
    return queryset.filter(statut__in=OPEN_RESERVATION_STATUSES, date_debut__lt=date_fin, date_fin__gt=date_debut)


@functools.cache
def _booking_state_sql(n_holding: int) -> str:
    """The statement of `booking_state`, built once: Django took longer to build it as an ORM query (three
    subqueries as annotations) than PostgreSQL to run it (benchmark 2, docs/benchmarks.md). From one row, the
    user's and the bay's rows are left-joined: either may be missing."""
    u, e, b, s, r = (model._meta.db_table for model in (Utilisateur, Emplacement, Borne, Station, Reservation))
    open_statuses = ", ".join(["%s"] * len(OPEN_RESERVATION_STATUSES))
    slot = f"r.statut IN ({open_statuses}) AND r.date_debut < %s AND r.date_fin > %s"
    holding = ", ".join(["%s"] * n_holding)
    return (
        f"SELECT u.id_user, u.is_active, u.statut, u.password, u.preferred_language, "
        f"e.id_emplacement, e.statut, b.statut, s.statut, "
        f"(SELECT COUNT(*) FROM {r} r WHERE r.utilisateur_id = %s AND r.statut IN ({holding})), "
        f"(SELECT COUNT(*) FROM {r} r WHERE r.utilisateur_id = %s AND {slot}), "
        f"EXISTS (SELECT 1 FROM {r} r WHERE r.emplacement_id = e.id_emplacement AND {slot}) "
        f"FROM (SELECT 1 AS one) q "
        f"LEFT JOIN {u} u ON u.id_user = %s "
        f"LEFT JOIN {e} e ON e.id_emplacement = %s "
        f"LEFT JOIN {b} b ON b.id_borne = e.borne_id LEFT JOIN {s} s ON s.id_station = e.station_id"
    )


def booking_state(
    *, utilisateur_id: int, emplacement_id: int, date_debut: datetime, date_fin: datetime, holding: Collection[str]
) -> dict[str, Any]:
    """Everything a booking's refusals depend on, in one statement: the user's account (`account`, None: no
    such user), whether the bay exists (`bay`), the bay's, its cabinet's and its station's status, the user's
    `holding` reservations, the user's open ones meeting the slot, and whether an open one of the bay meets it.

    The account comes with it so that the booking's view can check the bearer's account here rather than in a
    read of its own (`api.authentication.booking_authentication`): one round trip per refusal."""
    start, end = (connection.ops.adapt_datetimefield_value(value) for value in (date_debut, date_fin))
    slot = [*(str(status) for status in OPEN_RESERVATION_STATUSES), end, start]
    params = [utilisateur_id, *(str(status) for status in holding), utilisateur_id, *slot, *slot, utilisateur_id,
              emplacement_id]
    with connection.cursor() as cursor:
        cursor.execute(_booking_state_sql(len(holding)), params)
        row = cursor.fetchone()
    account = None if row[0] is None else AccountRow(bool(row[1]), row[2], row[3], row[4])
    keys = ("statut", "borne__statut", "station__statut", "holding", "overlapping", "taken")
    return {"account": account, "bay": row[5] is not None,
            **dict(zip(keys, (*row[6:11], bool(row[11])), strict=True))}


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
