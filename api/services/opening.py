"""A kiosk opening's writes as one statement on PostgreSQL: the bay, the booking, the session, the `unlock`.

`charging.session_open` then `devices.device_command_send` are six statements (the bay moved to `occupe`,
the check that no session is open on it, the reservation moved to `active`, the session, the command and
its device mirror), about 40 % of an opening's time under benchmark 1 (docs/benchmarks.md). On PostgreSQL
`session_open_statement` runs the same six as one statement of data-modifying CTEs, each step only when
the one before it took effect; the states allowed come from the same transition maps.

It succeeds or does nothing that matters: when no session comes back (the bay cannot be occupied, a session
is open on it, the booking is no longer `confirmee`) the caller runs the ORM path in the same transaction,
which decides from fresh reads, as it always did. The statement may have moved the bay to `occupe` by
then, which that path allows for (it locks the bay and does not move it twice). So it never refuses an
opening the ORM path would accept, and never accepts one it would refuse: its snapshot is older than the
bay's lock only when it waited for the lock, and then the bay, occupied by the winner, stops it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from django.db import connection

from api.models import (
    OPEN_SESSION_STATES,
    ChargeSessionState,
    CommandAction,
    Device,
    DeviceCommandLog,
    Emplacement,
    EmplacementStatus,
    Reservation,
    ReservationStatus,
    Session,
)
from api.services.devices import COMMAND_MIRROR_FIELDS, command_mirror, command_row
from api.services.sql_batch import column, insert_select, pk_column, table
from api.services.transitions import BAY_TRANSITIONS, RESERVATION_TRANSITIONS, sources_of

logger = logging.getLogger(__name__)

def _marks(values: Sequence[str]) -> str:
    return ", ".join(["%s"] * len(values))


# The states each step may move from, from the transition maps (the booking: only `confirmee` opens).
BAY_SOURCES = sources_of(BAY_TRANSITIONS, EmplacementStatus.OCCUPIED)
BOOKING_SOURCES = [s for s in sources_of(RESERVATION_TRANSITIONS, ReservationStatus.ACTIVE)
                   if s == ReservationStatus.CONFIRMED]


@functools.cache
def _steps_sql() -> tuple[str, str]:
    """The statement's first three steps and its last, built once: `bay`, `busy`, `booking` ... `mirror`."""
    bay_state, booking_state = column(Emplacement, "statut"), column(Reservation, "statut")
    mirror = ", ".join(f"{column(Device, name)} = %s" for name in COMMAND_MIRROR_FIELDS)
    return (
        f"bay AS (UPDATE {table(Emplacement)} SET {bay_state} = %s WHERE {pk_column(Emplacement)} = %s "
        f"AND {bay_state} IN ({_marks(BAY_SOURCES)}) RETURNING 1), "
        f"busy AS (SELECT 1 FROM {table(Session)} WHERE {column(Session, 'emplacement')} = %s "
        f"AND {column(Session, 'charge_state')} IN ({_marks(OPEN_SESSION_STATES)}) LIMIT 1), "
        f"booking AS (UPDATE {table(Reservation)} SET {booking_state} = %s WHERE {pk_column(Reservation)} = %s "
        f"AND {booking_state} IN ({_marks(BOOKING_SOURCES)}) "
        "AND EXISTS (SELECT 1 FROM bay) AND NOT EXISTS (SELECT 1 FROM busy) RETURNING 1)",
        f"mirror AS (UPDATE {table(Device)} SET {mirror} WHERE {pk_column(Device)} = %s "
        "AND EXISTS (SELECT 1 FROM command) RETURNING 1)",
    )


def session_open_statement(*, reservation: Reservation, device: Device) -> tuple[Session, DeviceCommandLog] | None:
    """Open the session of a `confirmee` reservation and record its `unlock`, in one statement (PostgreSQL).

    None when it opened nothing: the caller then takes the ORM path (`charging.session_open`), in the same
    transaction. The command is recorded, not published (`devices.command_publish_on_commit`).
    """
    session = Session(reservation=reservation, emplacement_id=reservation.emplacement_id,
                      charge_state=ChargeSessionState.ACCESS_VALIDATED)
    log = command_row(device=device, action=CommandAction.UNLOCK)
    opened = f"opened.{pk_column(Session)}"
    session_sql, session_params = insert_select(session, source="booking", computed={})
    log_sql, log_params = insert_select(log, source="opened", computed={
        "session": opened, "payload": f"jsonb_set(%s, '{{session_id}}', to_jsonb({opened}))"})
    first_steps, mirror_step = _steps_sql()
    sql = (f"WITH {first_steps}, opened AS ({session_sql}), command AS ({log_sql}), {mirror_step} "
           f"SELECT (SELECT {pk_column(Session)} FROM opened), (SELECT {pk_column(DeviceCommandLog)} FROM command)")
    bay = reservation.emplacement_id
    params = [EmplacementStatus.OCCUPIED, bay, *BAY_SOURCES, bay, *OPEN_SESSION_STATES,
              ReservationStatus.ACTIVE, reservation.pk, *BOOKING_SOURCES, *session_params, *log_params,
              *command_mirror(log).values(), device.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        opened_id, command_pk = cursor.fetchone()
    if opened_id is None:
        return None
    session.pk, log.pk = opened_id, command_pk
    session._state.adding = log._state.adding = False
    session._state.db = log._state.db = connection.alias
    log.session = session
    log.payload["session_id"] = opened_id
    logger.info("session %s opened for reservation %s", opened_id, reservation.pk)
    return session, log
