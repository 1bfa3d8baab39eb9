"""(ext) Rows of the console's CSV exports: reservations and sessions, with the list endpoints' filters.

Each export is one query read as tuples (`values_list`) through `.iterator(chunk_size=...)`: on PostgreSQL
a server-side cursor, on SQLite `fetchmany`, so a million rows never sit in memory at once. The columns
are `(header, lookup)` pairs; `DATETIME_COLUMNS` names those written as ISO 8601 with an offset,
`TEXT_COLUMNS` those guarded against formulas.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from api.models import ARCHIVED_SESSION_STATES, Reservation, Session

from .reservations import reservations_filtered, upcoming_reservation
from .terminal import sessions_filtered

CHUNK_SIZE = 2000

RESERVATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id_reservation", "id_reservation"), ("reference_code", "reference_code"), ("statut", "statut"),
    ("date_debut", "date_debut"), ("date_fin", "date_fin"), ("auth_mode", "auth_choice"),
    ("utilisateur", "utilisateur_id"), ("utilisateur_pseudo", "utilisateur__pseudo"),
    ("station", "emplacement__station_id"), ("station_nom", "emplacement__station__nom"),
    ("borne_numero", "emplacement__borne__numero"), ("emplacement", "emplacement_id"),
    ("emplacement_numero", "emplacement__numero"), ("created_at", "created_at"),
    ("cancelled_at", "cancelled_at"), ("cancel_reason", "cancel_reason"),
)
SESSION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id_session", "id_session"), ("reference_code", "reservation__reference_code"),
    ("charge_state", "charge_state"), ("start_time", "start_time"), ("end_time", "end_time"),
    ("energie_kwh", "energie_kwh"), ("max_courant", "max_courant"), ("telemetry_count", "telemetry_count"),
    ("error_reason", "error_reason"), ("station", "emplacement__station_id"),
    ("station_nom", "emplacement__station__nom"), ("borne_numero", "emplacement__borne__numero"),
    ("emplacement", "emplacement_id"), ("emplacement_numero", "emplacement__numero"),
)
DATETIME_COLUMNS = frozenset({"date_debut", "date_fin", "created_at", "cancelled_at", "start_time", "end_time"})
# Free text someone typed (or a value a spreadsheet could read as a formula): see api/serializers/exports.py.
TEXT_COLUMNS = frozenset({"reference_code", "utilisateur_pseudo", "station_nom", "cancel_reason", "error_reason"})
RESERVATION_SCOPES = ("upcoming", "archived")
SESSION_SCOPES = ("active", "archived")


def _rows(queryset: QuerySet[Any], columns: tuple[tuple[str, str], ...]) -> Iterator[tuple[Any, ...]]:
    return queryset.values_list(*(lookup for _, lookup in columns)).iterator(chunk_size=CHUNK_SIZE)


def reservation_export_rows(
    *, stations: Collection[int] | None, scope: str | None = None, station: int | None = None,
    statut: str | None = None, q: str | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Reservations as `RESERVATION_COLUMNS` tuples: `upcoming` soonest first, otherwise latest first."""
    queryset: QuerySet[Reservation] = reservations_filtered(stations=stations, station=station, statut=statut, q=q)
    upcoming = upcoming_reservation(timezone.now())
    if scope == "upcoming":
        queryset = queryset.filter(upcoming).order_by("date_debut", "id_reservation")
    else:
        queryset = (queryset.exclude(upcoming) if scope == "archived" else queryset).order_by(
            "-date_debut", "-id_reservation"
        )
    return _rows(queryset, RESERVATION_COLUMNS)


def session_export_rows(
    *, stations: Collection[int] | None, scope: str | None = None, station: int | None = None,
    charge_state: str | None = None, q: str | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Sessions as `SESSION_COLUMNS` tuples, latest first (`active`: open states, `archived`: ended)."""
    queryset: QuerySet[Session] = sessions_filtered(stations=stations, station=station, charge_state=charge_state,
                                                    q=q)
    if scope == "active":
        queryset = queryset.exclude(charge_state__in=ARCHIVED_SESSION_STATES)
    elif scope == "archived":
        queryset = queryset.filter(charge_state__in=ARCHIVED_SESSION_STATES)
    return _rows(queryset.order_by("-start_time", "-id_session"), SESSION_COLUMNS)
