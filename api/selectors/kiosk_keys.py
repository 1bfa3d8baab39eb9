"""The kiosk key's read: the key's row with its cabinet and station, and optionally the cabinet's failure count.

Every kiosk request starts here, so the statement is built once (`_key_sql`) and bound to each request's
values: as a Django queryset (`select_related`, a subquery annotation, `first()`) it cost 2.2 ms of CPU to
build and compile against 0.12 ms to run (benchmark 1, docs/benchmarks.md). The rows become model instances
(`api.selectors.sql_rows`), the cabinet and station attached as `select_related` would. No other imports of
the app than its models: the kiosk's authentication class reads it while DRF loads its settings.
"""

from __future__ import annotations

import functools
from datetime import datetime

from api.models import Borne, BorneStatus, Station, TerminalKey
from api.selectors.kiosk_failures import limit_reached_at_params, limit_reached_at_sql, limit_reached_at_value
from api.selectors.sql_rows import columns, first_row


@functools.cache
def _key_sql(with_failures: bool) -> str:
    """The key's statement; with `with_failures`, a last column: the cabinet's `FailureCount.limit_reached_at`
    (`limit_reached_at_sql`)."""
    k, b, s = (model._meta.db_table for model in (TerminalKey, Borne, Station))
    selected = [*columns("k", TerminalKey), *columns("b", Borne), *columns("s", Station)]
    if with_failures:
        selected.append(limit_reached_at_sql("k.borne_id"))
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
    params = [*(limit_reached_at_params(now) if read_failures else []), key_hash, str(BorneStatus.INACTIVE)]
    read = first_row(_key_sql(read_failures), params)
    if read is None:
        return None
    key, borne, station = read.instance(TerminalKey), read.instance(Borne), read.instance(Station)
    assert key is not None and borne is not None and station is not None  # inner joins
    borne.station = station
    key.borne = borne
    return key, limit_reached_at_value(read.row[read.offset]) if read_failures else None
