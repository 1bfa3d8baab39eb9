"""The write of a batch of telemetry (device-protocol.md `tele`, OCPP meter values): rows and session summaries.

A row is stored once per `(session, seq)` (the `telemetry_session_seq_unique` constraint): a QoS 1
redelivery, a re-sent message or the same message handled by two workers is dropped, and each session's
summary (`telemetry_count`, `energie_kwh`, `max_courant`) moves only by the rows actually inserted.

PostgreSQL takes the whole batch in **one statement** (`_store_postgresql`): the rows as arrays,
`INSERT ... ON CONFLICT DO NOTHING RETURNING`, the summaries aggregated from what was returned, the
devices' `last_seen` (to `LAST_SEEN_RESOLUTION`). The portable path (`_store_portable`, SQLite) drops
the stored rows first, then `bulk_create`s the rest and moves the summaries with one `executemany`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

import psycopg
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from api.models import Device, Session, SessionTelemetry

# A device's `last_seen` is moved by its telemetry once it is older than this: a device publishing 10 times a
# second is not rewritten 10 times a second (a third of a batch's time in the database, docs/benchmarks.md);
# the offline sweep's threshold is minutes.
LAST_SEEN_RESOLUTION = timedelta(seconds=1)


class TelemetryRow(NamedTuple):
    session_id: int
    courant: float
    tension: float
    energie_kwh: float
    timestamp: datetime
    seq: int


def telemetry_store(*, rows: list[TelemetryRow], device_ids: set[int]) -> int:
    """Write a batch and move each session's summary by its new rows, in one transaction; returns how many
    rows were new. Sessions and devices are locked in ascending id order, so that two workers writing
    batches of the same sessions at once cannot deadlock."""
    if not rows:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _store_postgresql(rows, sorted(device_ids))
        return _store_portable(rows, sorted(device_ids))


def _postgresql_sql() -> str:
    tele, session, device = SessionTelemetry._meta.db_table, Session._meta.db_table, Device._meta.db_table
    session_pk, device_pk = Session._meta.pk.column, Device._meta.pk.column
    return f"""
WITH batch AS (
    SELECT * FROM unnest(%b::bigint[], %b::float8[], %b::float8[], %b::float8[], %b::timestamptz[], %b::bigint[])
        AS b(session_id, courant, tension, energie_kwh, ts, seq)
), inserted AS (
    INSERT INTO {tele} (session_id, courant, tension, energie_kwh, timestamp, seq)
    SELECT session_id, courant, tension, energie_kwh, ts, seq FROM batch
    ON CONFLICT (session_id, seq) DO NOTHING
    RETURNING session_id, courant, energie_kwh
), per_session AS (
    SELECT session_id, count(*) AS n, max(energie_kwh) AS energy, max(courant) AS current
    FROM inserted GROUP BY session_id
), sessions_locked AS (
    SELECT {session_pk} AS id FROM {session} WHERE {session_pk} IN (SELECT session_id FROM per_session)
    ORDER BY {session_pk} FOR UPDATE
), summaries AS (
    UPDATE {session} AS s SET telemetry_count = s.telemetry_count + p.n,
        energie_kwh = GREATEST(s.energie_kwh, p.energy), max_courant = GREATEST(s.max_courant, p.current)
    FROM per_session AS p
    WHERE s.{session_pk} = p.session_id AND s.{session_pk} IN (SELECT id FROM sessions_locked)
    RETURNING p.n
), devices_locked AS (
    SELECT {device_pk} AS id FROM {device} WHERE {device_pk} = ANY(%b::bigint[])
        AND (last_seen IS NULL OR last_seen < %b) ORDER BY {device_pk} FOR UPDATE
), seen AS (
    UPDATE {device} SET last_seen = %b WHERE {device_pk} IN (SELECT id FROM devices_locked)
)
SELECT coalesce(sum(n), 0) FROM summaries"""


def _store_postgresql(rows: list[TelemetryRow], device_ids: list[int]) -> int:
    """The batch in one statement (PostgreSQL): parameters are one array per column, sent in binary."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    now = timezone.now()
    with _binary_cursor() as cursor:
        cursor.execute(_postgresql_sql(), [*columns, device_ids, now - LAST_SEEN_RESOLUTION, now])
        (inserted,) = cursor.fetchone()
    return int(inserted)


def _binary_cursor() -> Any:
    """A cursor of Django's connection whose parameters are bound by the server, in binary (`%b`).

    Django's own cursors interpolate parameters on the client, as text: quoting 3,000 array elements
    cost 16% of the worker's time under load (docs/benchmarks.md). Wrapped like Django's cursors, so
    errors are `DatabaseError`s and the statement is logged (and counted by the tests).
    """
    connection.ensure_connection()
    raw: Any = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def _store_portable(rows: list[TelemetryRow], device_ids: list[int]) -> int:
    """Any database: the rows already stored dropped first (one read by the unique index), the rest inserted
    (`ignore_conflicts` in case of a concurrent writer), one summary `UPDATE` per session in one `executemany`."""
    fresh = _not_stored(rows)
    SessionTelemetry.objects.bulk_create(
        [SessionTelemetry(session_id=row.session_id, courant=row.courant, tension=row.tension,
                          energie_kwh=row.energie_kwh, timestamp=row.timestamp, seq=row.seq) for row in fresh],
        ignore_conflicts=True,
    )
    _add_to_summaries(fresh)
    now = timezone.now()
    Device.objects.filter(Q(last_seen__isnull=True) | Q(last_seen__lt=now - LAST_SEEN_RESOLUTION),
                          pk__in=device_ids).update(last_seen=now)
    return len(fresh)


def _not_stored(rows: list[TelemetryRow]) -> list[TelemetryRow]:
    """The rows of a batch whose `(session, seq)` is neither stored nor repeated earlier in the batch."""
    unique: dict[tuple[int, int], TelemetryRow] = {}
    for row in rows:
        unique.setdefault((row.session_id, row.seq), row)
    stored = set(
        SessionTelemetry.objects.filter(
            session_id__in={session for session, _ in unique}, seq__in={seq for _, seq in unique}
        ).values_list("session_id", "seq")
    )
    return [row for key, row in unique.items() if key not in stored]


def _summary_sql() -> str:
    table, pk = Session._meta.db_table, Session._meta.pk.column
    return (
        f"UPDATE {table} SET telemetry_count = telemetry_count + %s, "
        "energie_kwh = CASE WHEN energie_kwh IS NULL OR energie_kwh < %s THEN %s ELSE energie_kwh END, "
        "max_courant = CASE WHEN max_courant IS NULL OR max_courant < %s THEN %s ELSE max_courant END "
        f"WHERE {pk} = %s"
    )


def _add_to_summaries(rows: list[TelemetryRow]) -> None:
    """Move each session's `telemetry_count`, `energie_kwh` (cumulative: the highest) and `max_courant`.

    One parameterized `UPDATE` per session (in id order), sent with `executemany`. A single ORM
    `UPDATE ... CASE WHEN` over the batch's sessions cost Django about 1 ms per session to build.
    """
    summary: dict[int, list[float]] = {}
    for row in rows:
        count, energy, current = summary.get(row.session_id, [0, row.energie_kwh, row.courant])
        summary[row.session_id] = [count + 1, max(energy, row.energie_kwh), max(current, row.courant)]
    if not summary:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_summary_sql(), [
            (int(count), energy, energy, current, current, session_id)
            for session_id, (count, energy, current) in sorted(summary.items())
        ])
