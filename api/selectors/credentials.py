"""Reads of badges and access attempts, scoped by the actor: another user's badge is a 404; the kiosk's read
of a presented credential's reservation."""

from __future__ import annotations

import functools

from django.db.models import Q, QuerySet

from api.errors import NotFound
from api.models import (
    BADGE_PENDING,
    AccessAttempt,
    Authentification,
    Device,
    Emplacement,
    Reservation,
    ReservationAuthChoice,
    TypeAuth,
    Utilisateur,
)
from api.selectors.sql_rows import columns, first_row


@functools.cache
def _live_credential_sql() -> str:
    r, a, e, d, t = (model._meta.db_table for model in (Reservation, Authentification, Emplacement, Device, TypeAuth))
    selected = [*columns("r", Reservation), *columns("a", Authentification), *columns("e", Emplacement),
                *columns("d", Device)]
    return (
        f"SELECT {', '.join(selected)} FROM {r} r "
        f"INNER JOIN {a} a ON a.id_auth = r.authentification_id "
        f"INNER JOIN {e} e ON e.id_emplacement = r.emplacement_id "
        f"LEFT OUTER JOIN {d} d ON d.emplacement_id = e.id_emplacement "
        f"WHERE r.auth_choice = %s AND a.hash_valeur = %s AND a.is_active = %s "
        f"AND a.type_auth_id = (SELECT t.id_type FROM {t} t WHERE t.libelle = %s ORDER BY t.id_type LIMIT 1) "
        f"ORDER BY r.id_reservation"  # no LIMIT: with one, PostgreSQL may walk every reservation in id order
    )


def live_credential_reservation(*, method: str, value_hash: str) -> Reservation | None:
    """The reservation of the live (active) credential of mode `method` with this hash, in one statement with
    what opening its session needs: the credential, the bay and its device (`reservation.authentification`,
    `reservation.emplacement`, `emplacement.device` when it has one). None: no such reservation.

    Four tables, the mode's `TypeAuth` as a scalar subquery: PostgreSQL plans every statement afresh and its
    planning time grows fast with the joins (benchmark 1: 7 tables took 2.7 ms to plan, 4 take 0.4 ms). Built
    once (`api.selectors.sql_rows`): as a queryset, Django took longer to build it than PostgreSQL to run it.
    Without `LIMIT 1` (the first row is the one kept): where a credential has many reservations (a badge's), the
    planner took `ORDER BY id LIMIT 1` to walk the reservations' primary key until the credential's, 250 ms on
    1,000,000 reservations, instead of reading the credential by its index and its reservations by theirs.
    """
    read = first_row(_live_credential_sql(), [method, value_hash, True, method])
    if read is None:
        return None
    reservation, auth = read.instance(Reservation), read.instance(Authentification)
    bay, device = read.instance(Emplacement), read.instance(Device)
    assert reservation is not None and auth is not None and bay is not None  # inner joins
    reservation.authentification = auth
    reservation.emplacement = bay
    if device is not None:  # as `select_related`: the bay's device without a query (`bay_device_of`)
        bay.device = device
    return reservation


def _rfid(user: Utilisateur) -> QuerySet[Authentification]:
    return Authentification.objects.filter(
        utilisateur=user, type_auth__libelle=ReservationAuthChoice.RFID
    ).select_related("type_auth")


def badges_of(*, user: Utilisateur) -> QuerySet[Authentification]:
    """The user's active badges and the pending one waiting for its kiosk link."""
    return _rfid(user).filter(Q(is_active=True) | Q(metadata__status=BADGE_PENDING, hash_valeur=""))


def active_badges_of(*, user: Utilisateur) -> QuerySet[Authentification]:
    return _rfid(user).filter(is_active=True)


def badge_of(*, user: Utilisateur, pk: int) -> Authentification:
    badge = _rfid(user).filter(pk=pk).first()
    if badge is None:
        raise NotFound()
    return badge


def access_attempts_of(*, user: Utilisateur) -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(utilisateur=user).select_related("borne", "reservation").order_by(
        "-created_at", "-id"
    )


def user_get(*, pk: int) -> Utilisateur:
    user = Utilisateur.objects.filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user
