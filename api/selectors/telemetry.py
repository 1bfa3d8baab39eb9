"""(ext) A charging session's telemetry for the console, downsampled in SQL for long sessions.

A session of a few hours at one sample every few seconds holds thousands of samples; a chart needs a few
hundred. Up to `points` samples are answered as they are; beyond, the session's time span is cut into
`points` equal buckets, and one grouped query answers per bucket the average current, voltage and power
(current x voltage, averaged per sample) and the bucket's energy. `energie_kwh` is the meter's cumulative
reading: the bucket's last reading is its highest one (`Max`), which needs no second query.

The bucket of a sample is computed in SQL from its epoch seconds (`EpochSeconds`: `EXTRACT(EPOCH ...)` on
PostgreSQL, `julianday` on SQLite), so the same code runs on both databases.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Func, IntegerField, Max, Min, QuerySet
from django.db.models.functions import Cast, Floor, Greatest, Least

from api.errors import NotFound
from api.models import Session, SessionTelemetry

DEFAULT_POINTS = 300
MIN_POINTS = 2
MAX_POINTS = 2000


class EpochSeconds(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, as a float."""

    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS DOUBLE PRECISION)"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return super().as_sql(compiler, connection, template=template, **extra)


def console_session(*, pk: int, stations: Collection[int] | None) -> Session:
    """One session with its reservation, bay and station; outside `stations` (None: all) or unknown: 404."""
    queryset = Session.objects.select_related("reservation", "emplacement__station", "emplacement__borne")
    if stations is not None:
        queryset = queryset.filter(emplacement__station_id__in=stations)
    session = queryset.filter(pk=pk).first()
    if session is None:
        raise NotFound()
    return session


def _raw(samples: QuerySet[SessionTelemetry]) -> list[dict[str, Any]]:
    rows = samples.order_by("timestamp", "id_telemetry").values_list("timestamp", "courant", "tension", "energie_kwh")
    return [
        {"timestamp": timestamp, "courant": courant, "tension": tension, "puissance_w": courant * tension,
         "energie_kwh": energie, "samples": 1}
        for timestamp, courant, tension, energie in rows
    ]


def session_telemetry(*, session: Session, points: int = DEFAULT_POINTS) -> dict[str, Any]:
    """`{"points": [...], "sample_count", "downsampled", "bucket_seconds"}`, oldest point first.

    Three queries at most: the span and count, then the samples or the buckets.
    """
    samples = SessionTelemetry.objects.filter(session=session)
    span = samples.aggregate(first=Min("timestamp"), last=Max("timestamp"), count=Count("pk"))
    count: int = span["count"]
    if count <= points:
        return {"points": _raw(samples), "sample_count": count, "downsampled": False, "bucket_seconds": None}
    first: datetime = span["first"]
    width = (span["last"] - first).total_seconds() / points
    if width <= 0:  # every sample at one instant
        width = 1.0
    # clamped to [0, points - 1]: the last sample ends the last bucket, and float rounding stays inside
    bucket = Greatest(Least(
        Cast(Floor((EpochSeconds("timestamp") - first.timestamp()) / width), IntegerField()), points - 1
    ), 0)
    rows = (
        samples.annotate(bucket=bucket).values("bucket").order_by("bucket").annotate(
            courant_avg=Avg("courant"), tension_avg=Avg("tension"),
            puissance_avg=Avg(F("courant") * F("tension"), output_field=FloatField()),
            energie_last=Max("energie_kwh"), n=Count("pk"),
        )
    )
    return {
        "points": [
            {"timestamp": first + timedelta(seconds=int(row["bucket"]) * width),
             "courant": row["courant_avg"], "tension": row["tension_avg"], "puissance_w": row["puissance_avg"],
             "energie_kwh": row["energie_last"], "samples": row["n"]}
            for row in rows
        ],
        "sample_count": count, "downsampled": True, "bucket_seconds": width,
    }
