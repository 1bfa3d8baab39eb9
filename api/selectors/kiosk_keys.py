"""The kiosk key's read: the key's row with its cabinet and station, and optionally the cabinet's failure count.

Every kiosk request starts here, so the statement is built once (`_key_sql`) and bound to each request's
values: as a Django queryset (`select_related`, a subquery annotation, `first()`) it cost 2.7 ms of CPU to
build and compile against 0.12 ms to run (benchmark 1, docs/benchmarks.md). The rows become model instances
(`api.selectors.sql_rows`), the cabinet and station attached as `select_related` would. No other imports of
the app than its models: the kiosk's authentication class reads it while DRF loads its settings.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection

from api.models import AccessAttempt, AccessAttemptResult, Borne, BorneStatus, Station, TerminalKey
from api.selectors.sql_rows import columns, from_db, instance


@functools.cache
def _key_sql(with_failures: bool) -> str:
    """The key's statement; with `with_failures`, a last column: the `KIOSK_MAX_FAILURES`-th most recent counted
    refusal of the cabinet within the window (`FailureCount.limit_reached_at`, by `attempt_borne_result_date`)."""
    k, b, s, a = (model._meta.db_table for model in (TerminalKey, Borne, Station, AccessAttempt))
    selected = [*columns("k", TerminalKey), *columns("b", Borne), *columns("s", Station)]
    if with_failures:
        selected.append(
            f"(SELECT a.created_at FROM {a} a WHERE a.borne_id = k.borne_id AND a.result = %s AND a.counted = %s "
            f"AND a.created_at > %s ORDER BY a.created_at DESC LIMIT 1 OFFSET %s)"
        )
    return (
        f"SELECT {', '.join(selected)} FROM {k} k INNER JOIN {b} b ON b.id_borne = k.borne_id "
        f"INNER JOIN {s} s ON s.id_station = b.station_id "
        f"WHERE k.key_hash = %s AND k.revoked_at IS NULL AND b.statut <> %s"
    )


def terminal_key_row(
    *, key_hash: str, now: datetime, read_failures: bool = False
) -> tuple[TerminalKey, datetime | None] | None:
    """The live key of that hash (not revoked, its cabinet not `inactive`), with `key.borne` and
    `key.borne.station` loaded; with `read_failures`, the cabinet's `FailureCount.limit_reached_at` at `now`
    (else None). None: no such live key."""
    params: list[Any] = []
    if read_failures:
        window_start = now - timedelta(minutes=settings.KIOSK_FAILURE_WINDOW_MINUTES)
        params += [str(AccessAttemptResult.REFUSED), True, connection.ops.adapt_datetimefield_value(window_start),
                   settings.KIOSK_MAX_FAILURES - 1]
    params += [key_hash, str(BorneStatus.INACTIVE)]
    with connection.cursor() as cursor:
        cursor.execute(_key_sql(read_failures), params)
        row = cursor.fetchone()
    if row is None:
        return None
    key, offset = instance(TerminalKey, row, 0)
    borne, offset = instance(Borne, row, offset)
    station, offset = instance(Station, row, offset)
    assert key is not None and borne is not None and station is not None  # inner joins
    borne.station = station
    key.borne = borne
    limit_reached_at = None
    if read_failures:
        limit_reached_at = from_db(AccessAttempt._meta.get_field("created_at"), row[offset])
    return key, limit_reached_at
