"""The kiosk: opening a charging session from a credential, stopping it, the per-kiosk failure limit.

Every credential presented at a kiosk, accepted or refused, becomes an `AccessAttempt` (feeds
`auth_history` and the limit) and a journal entry, never with the secret. The limit counts the refused
attempts of the cabinet in the database, so it holds across web processes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.errors import ApplicationError, Conflict, Forbidden, InvalidTransition, TooManyAttempts
from api.models import (
    AccessAttempt,
    AccessAttemptResult,
    Borne,
    CommandAction,
    Reservation,
    Session,
)
from api.selectors.kiosk_failures import FailureCount, failure_count
from api.selectors.terminal import bay_device, bay_device_of
from api.services import charging
from api.services.credentials import credential_mark_used, credential_resolve
from api.services.devices import command_publish_on_commit, device_command_send
from api.services.journal import journal_entry
from api.services.opening import session_open_statement
from api.services.sql_batch import insert_rows

RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class OpenedSession:
    """What the kiosk gets back: the session, its reservation and the id of the `unlock` command."""

    session: Session
    reservation: Reservation
    command_id: str


# --- attempts and the failure limit -------------------------------------------------------------------


def kiosk_failure_gate(*, borne: Borne, now: datetime, known: FailureCount | None = None) -> None:
    """429 once the cabinet has `KIOSK_MAX_FAILURES` counted refusals in the window (Retry-After in seconds).

    A refusal counts when its error says it is a guess (`ApplicationError.counts_as_guess`, stored as
    `AccessAttempt.counted`): a genuine credential refused for its state or for failing equipment does not.
    `known`: the count already read with the kiosk's key (`kiosk_opening_authentication`), else read here.
    """
    count = known or failure_count(borne=borne, now=now)
    if count.limit_reached_at is None:
        return
    # Allowed again once the oldest of the `limit` most recent failures leaves the window.
    window = timedelta(minutes=settings.KIOSK_FAILURE_WINDOW_MINUTES)
    retry_after = math.ceil((count.limit_reached_at + window - count.at).total_seconds())
    raise TooManyAttempts(_("Too many failures at this kiosk. Try again later."), retry_after=retry_after,
                          code=RATE_LIMITED)


def access_attempt_record(
    *, borne: Borne, method: str, result: str, reason: str = "", reservation: Reservation | None = None,
    ip: str | None = None, channel: str = "kiosk", counted: bool = False,
) -> None:
    """One `AccessAttempt` and its journal line (`terminal.authenticate`), without the secret, together.

    `counted`: a refusal that counts towards the failure limit (the error's `counts_as_guess`). Both rows in
    one query string (`insert_rows`): one round trip on PostgreSQL, inside the opening's transaction or as
    one of their own for a refusal.
    """
    attempt = AccessAttempt(
        borne=borne, method=method[:16], result=result, reason=reason[:64], ip=ip or None,
        counted=counted and result == AccessAttemptResult.REFUSED,
        reservation=reservation, utilisateur_id=reservation.utilisateur_id if reservation else None,
    )
    entry = journal_entry(
        action="terminal.authenticate", utilisateur_id=reservation.utilisateur_id if reservation else None,
        ip=ip, success=result == AccessAttemptResult.ACCEPTED,
        details={"borne": borne.pk, "method": method[:16], "result": result, "reason": reason[:64],
                 "channel": channel, "reservation": reservation.pk if reservation else None},
    )
    insert_rows(attempt, entry)


# --- opening and stopping -----------------------------------------------------------------------------


def session_open_for(*, reservation: Reservation) -> OpenedSession:
    """Session `access_validated`, reservation `active`, bay `occupe`, `unlock` recorded (published on commit).

    On PostgreSQL one statement does it when it can (`opening.session_open_statement`), else, and on SQLite,
    the ORM path decides.
    """
    device = bay_device_of(reservation)
    try:
        with transaction.atomic(savepoint=False):  # inside kiosk_open, whose transaction a failure ends anyway
            opened = session_open_statement(reservation=reservation, device=device) \
                if connection.vendor == "postgresql" else None
            if opened is None:
                session = charging.session_open(reservation=reservation)
                log = device_command_send(device=device, action=CommandAction.UNLOCK, session=session)
            else:
                session, log = opened
                command_publish_on_commit(log=log, device=device)
    except (InvalidTransition, IntegrityError) as exc:  # someone else opened it first
        raise Conflict(_("A session is already open for this booking."), code="session_already_open",
                       extra={"reason": "session_already_open"}) from exc
    return OpenedSession(session=session, reservation=reservation, command_id=str(log.command_id))


def _check_bay(reservation: Reservation, emplacement_numero: int | None) -> None:
    if emplacement_numero is not None and reservation.emplacement.numero != emplacement_numero:
        raise Forbidden(_("This booking is for another bay."), code="wrong_bay",
                        extra={"reason": "wrong_bay"})


def kiosk_open(
    *, borne: Borne, method: str, ip: str | None, resolve: Callable[[], Reservation],
    consume: Callable[[Reservation], None], emplacement_numero: int | None = None, channel: str = "kiosk",
    failures: FailureCount | None = None,
) -> OpenedSession:
    """The common path of every opening at a kiosk: limit, resolve, consume once, open, record the attempt.

    `resolve` finds the reservation (raising the refusals), `consume` spends the credential or pairing
    (one winner). A refusal rolls everything back and is recorded as a refused attempt. `failures`: the
    failure count already read with the kiosk's key, if it was.
    """
    found: list[Reservation] = []
    try:
        kiosk_failure_gate(borne=borne, now=timezone.now(), known=failures)
        with transaction.atomic():
            reservation = resolve()
            found.append(reservation)
            _check_bay(reservation, emplacement_numero)
            consume(reservation)
            opened = session_open_for(reservation=reservation)
            access_attempt_record(borne=borne, method=method, result=AccessAttemptResult.ACCEPTED,
                                  reservation=opened.reservation, ip=ip, channel=channel)
    except ApplicationError as exc:
        access_attempt_record(borne=borne, method=method, result=AccessAttemptResult.REFUSED, reason=exc.code,
                              reservation=found[0] if found else None, ip=ip, channel=channel,
                              counted=exc.counts_as_guess)
        raise
    return opened


def terminal_authenticate(
    *, borne: Borne, method: str, value: str, emplacement_numero: int | None = None, ip: str | None = None,
    failures: FailureCount | None = None,
) -> OpenedSession:
    """A credential (rfid, qr, code) presented at the kiosk of `borne` opens its reservation's session."""
    return kiosk_open(
        borne=borne, method=method, ip=ip, emplacement_numero=emplacement_numero, failures=failures,
        resolve=lambda: credential_resolve(borne=borne, method=method, value=value),
        consume=lambda reservation: credential_mark_used(reservation=reservation),
    )


def session_stop_request(*, session: Session) -> tuple[Session, str]:
    """`stopping` and a `stop_charge` command (recorded first, published on commit); 409 from a wrong state."""
    with transaction.atomic():
        session = charging.session_request_stop(session=session)
        device = bay_device(emplacement_id=session.emplacement_id)
        log = device_command_send(device=device, action=CommandAction.STOP_CHARGE, session=session)
    return session, str(log.command_id)
