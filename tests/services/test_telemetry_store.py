"""`telemetry_store`: a batch stored once per `(session, seq)`, summaries moved by the new rows only, and a
fixed number of SQL statements per batch whatever its number of sessions (one on PostgreSQL)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Device, Session, SessionTelemetry
from api.mqtt.handlers import TelemetryBuffer
from api.services.telemetry import TelemetryRow, telemetry_store
from tests import factories

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _sessions(count: int) -> list[tuple[Session, Device]]:
    made = []
    for _ in range(count):
        device = factories.DeviceFactory()
        made.append((factories.SessionFactory(reservation__emplacement=device.emplacement), device))
    return made


def _rows(sessions: list[tuple[Session, Device]], per_session: int, seq0: int = 1) -> list[TelemetryRow]:
    return [
        TelemetryRow(session.pk, 10.0 + seq % 7, 230.0, seq * 0.01, T0 + timedelta(seconds=seq), seq)
        for seq in range(seq0, seq0 + per_session) for session, _device in sessions
    ]


def _store(rows: list[TelemetryRow], sessions: list[tuple[Session, Device]]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        stored = telemetry_store(rows=rows, device_ids={device.pk for _s, device in sessions})
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN"))]
    return stored, len(statements)


def test_a_batch_is_stored_once_and_moves_each_summary_by_its_new_rows() -> None:
    sessions = _sessions(3)
    first = _rows(sessions, 4)
    assert _store(first, sessions)[0] == 12
    # Again with two more samples each, the already stored ones and a repeat inside the batch.
    again = [*first, *_rows(sessions, 2, seq0=5), *_rows(sessions, 1, seq0=5)]
    before = datetime.now(UTC)
    assert _store(again, sessions)[0] == 6
    for session, device in sessions:
        session.refresh_from_db()
        device.refresh_from_db()
        samples = SessionTelemetry.objects.filter(session=session)
        assert sorted(samples.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
        assert session.telemetry_count == 6
        assert session.energie_kwh == pytest.approx(0.06)
        assert session.max_courant == max(10.0 + seq % 7 for seq in range(1, 7))
        assert device.last_seen is not None and device.last_seen >= before - timedelta(seconds=1)


def test_a_device_seen_within_the_resolution_is_not_rewritten() -> None:
    sessions = _sessions(2)
    (_s1, recent), (_s2, old) = sessions
    # `recent` seen "later than now" (deterministic whatever the machine's speed), `old` ten minutes ago.
    soon, long_ago = timezone.now() + timedelta(minutes=1), timezone.now() - timedelta(minutes=10)
    Device.objects.filter(pk=recent.pk).update(last_seen=soon)
    Device.objects.filter(pk=old.pk).update(last_seen=long_ago)
    assert _store(_rows(sessions, 2), sessions)[0] == 4
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.last_seen == soon
    assert old.last_seen is not None and old.last_seen > long_ago + timedelta(minutes=9)


def test_a_summary_never_moves_down() -> None:
    sessions = _sessions(1)
    session = sessions[0][0]
    Session.objects.filter(pk=session.pk).update(energie_kwh=5.0, max_courant=80.0, telemetry_count=1)
    assert _store(_rows(sessions, 3), sessions)[0] == 3
    session.refresh_from_db()
    assert (session.telemetry_count, session.energie_kwh, session.max_courant) == (4, 5.0, 80.0)


def test_the_statements_of_a_batch_do_not_grow_with_its_sessions() -> None:
    few, many = _sessions(2), _sessions(40)
    few_stored, few_statements = _store(_rows(few, 60), few)
    many_stored, many_statements = _store(_rows(many, 3), many)
    assert (few_stored, many_stored) == (120, 120)
    assert few_statements == many_statements
    if connection.vendor == "postgresql":
        assert many_statements == 1  # rows, summaries and last_seen in one statement
    else:
        # the stored rows read, the INSERTs (SQLite takes 999 parameters each), the summaries' executemany,
        # the devices' last_seen
        assert many_statements <= 1 + 1 + -(-120 * 6 // 999) + 1


def test_an_empty_batch_costs_nothing() -> None:
    assert _store([], []) == (0, 0)


def test_the_buffer_is_due_sooner_once_nothing_else_is_waiting() -> None:
    buffer = TelemetryBuffer(max_rows=500, max_wait_s=0.2, idle_wait_s=0.05)
    assert buffer.due_at() == buffer.due_at(idle=True) == math.inf and not buffer.due(idle=True)
    buffer.rows.append(TelemetryRow(1, 1.0, 230.0, 0.1, T0, 1))
    buffer.first_at = 100.0
    assert buffer.due_at() == pytest.approx(100.2)
    assert buffer.due_at(idle=True) == pytest.approx(100.05)
