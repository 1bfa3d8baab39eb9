"""The kiosk failure limit's reads: a cabinet's counted refusals within the window (no other imports of
the app than its models: the kiosk's authentication class reads them with its key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import connection

from api.models import AccessAttempt, AccessAttemptResult, Borne
from api.selectors.sql_rows import from_db


@dataclass(frozen=True)
class FailureCount:
    """What the kiosk failure limit needs, read `at` that moment: the `KIOSK_MAX_FAILURES`-th most recent
    counted refusal of the cabinet within the window, None while the cabinet is below the limit."""

    at: datetime
    limit_reached_at: datetime | None


def limit_reached_at_sql(borne_column: str) -> str:
    """`FailureCount.limit_reached_at` as a scalar subquery on the cabinet `borne_column` names: the
    `KIOSK_MAX_FAILURES`-th most recent refusal that counts (`AccessAttempt.counted`) within the window, by
    `attempt_borne_result_date`. Its parameters, after any in `borne_column`: `limit_reached_at_params`.
    The one statement of the rule: `failure_count` runs it alone, the kiosk's key read (`kiosk_keys`) with the key."""
    a = AccessAttempt._meta.db_table
    return (
        f"(SELECT a.created_at FROM {a} a WHERE a.borne_id = {borne_column} AND a.result = %s AND a.counted = %s "
        f"AND a.created_at > %s ORDER BY a.created_at DESC LIMIT 1 OFFSET %s)"
    )


def limit_reached_at_params(now: datetime) -> list[Any]:
    """The parameters of `limit_reached_at_sql` at `now`."""
    window_start = now - timedelta(minutes=settings.KIOSK_FAILURE_WINDOW_MINUTES)
    return [str(AccessAttemptResult.REFUSED), True, connection.ops.adapt_datetimefield_value(window_start),
            settings.KIOSK_MAX_FAILURES - 1]


def limit_reached_at_value(value: Any) -> datetime | None:
    """The subquery's column as a datetime (SQLite answers text)."""
    return cast(datetime | None, from_db(AccessAttempt._meta.get_field("created_at"), value))


def failure_count(*, borne: Borne, now: datetime) -> FailureCount:
    """`FailureCount` of the cabinet now, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {limit_reached_at_sql('%s')}", [borne.pk, *limit_reached_at_params(now)])
        row = cursor.fetchone()
    return FailureCount(at=now, limit_reached_at=limit_reached_at_value(row[0]))
