"""The charge state machine of a `Session` (api.md "At the kiosk"), through `CHARGE_SESSION_TRANSITIONS`.

This module holds the device-driven half: acks and state reports of the bay's ESP32 move the session
(`access_validated` -> `waiting_plug` -> `charging`, `stopping` -> `stopped`), and failures end it in
`error` with an alert. Every move is a conditional update; a repeated event changes nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.errors import Conflict, InvalidTransition
from api.models import (
    OPEN_SESSION_STATES,
    STOPPABLE_SESSION_STATES,
    ChargeSessionState,
    CommandAction,
    CommandStatus,
    EmplacementStatus,
    LockState,
    ReservationStatus,
    Session,
)
from api.models import Emplacement as EmplacementModel
from api.models import Reservation as ReservationModel
from api.services import alert_rules, driver_events
from api.services.transitions import (
    BAY_TRANSITIONS,
    CHARGE_SESSION_TRANSITIONS,
    RESERVATION_TRANSITIONS,
    transition,
    transition_apply,
    transition_where,
)

logger = logging.getLogger(__name__)

S = ChargeSessionState


def _move(session: Session, target: str, *, sources: list[str] | None = None, **changes: object) -> Session | None:
    """The session moved to `target` (the fresh row), or None when its state does not allow it."""
    try:
        moved = transition(
            Session, pk=session.pk, field="charge_state", target=target, transitions=CHARGE_SESSION_TRANSITIONS,
            sources=sources, stamp_field="charge_state_updated_at", **changes,
        )
    except InvalidTransition:
        return None
    logger.info("session %s -> %s", session.pk, target)
    return moved


def _advance(session_id: int, target: str, *, sources: list[str]) -> bool:
    """`_move` for a caller that needs no row back: one conditional update; whether it moved."""
    moved = transition_where(
        Session, field="charge_state", target=target, transitions=CHARGE_SESSION_TRANSITIONS, sources=sources,
        where=Q(pk=session_id), charge_state_updated_at=timezone.now(),
    ) == 1
    if moved:
        logger.info("session %s -> %s", session_id, target)
    return moved


def session_unlocked(*, session_id: int) -> bool:
    """The device confirmed the unlock: the bay now waits for the plug."""
    return _advance(session_id, S.WAITING_PLUG, sources=[S.ACCESS_VALIDATED])


def session_plug_state(*, session: Session, plugged: bool, charging: bool) -> bool:
    """A state report with the plug in and the charge running moves the session to `charging`."""
    if not (plugged and charging):
        return False
    return _advance(session.pk, S.CHARGING, sources=[S.ACCESS_VALIDATED, S.WAITING_PLUG])


@transaction.atomic
def session_stopped(*, session: Session) -> bool:
    """`stop_charge` done: `stopped` with `end_time`, reservation `terminee`, bay locked and `disponible`."""
    if _move(session, S.STOPPED, sources=[S.STOPPING], end_time=timezone.now()) is None:
        return False
    try:
        transition(
            ReservationModel, pk=session.reservation_id, field="statut", target=ReservationStatus.COMPLETED,
            transitions=RESERVATION_TRANSITIONS,
        )
    except InvalidTransition:
        logger.warning("session %s stopped but its reservation was not active", session.pk)
    EmplacementModel.objects.filter(pk=session.emplacement_id).update(lock_state=LockState.LOCKED)
    transition_where(EmplacementModel, field="statut", target=EmplacementStatus.AVAILABLE,
                     transitions=BAY_TRANSITIONS, where=Q(pk=session.emplacement_id))
    driver_events.driver_session_stopped(session=session)
    return True


@transaction.atomic
def session_fail(*, session: Session, reason: str, sources: list[str] | None = None) -> bool:
    """End an open session in `error` (once) and raise the session error alert.

    `sources` narrows the states it may come from (e.g. only before the plug came).
    """
    failed = _move(session, S.ERROR, sources=sources, error_reason=reason[:64])
    if failed is None:
        return False
    # The fresh state on the caller's object, which keeps its loaded bay and station for the alert.
    session.charge_state, session.error_reason = failed.charge_state, failed.error_reason
    session.charge_state_updated_at = failed.charge_state_updated_at
    alert_rules.raise_session_error(session=session, reason=reason)
    driver_events.driver_session_failed(session=session)
    return True


def session_device_lost(*, session: Session) -> bool:
    """The bay's device went offline mid-session (the alert is raised by the offline rule).

    Before the plug came, the session cannot go on: it ends in error. A charging session keeps its state
    (the car keeps charging under the device's own control) and the alert calls someone.
    """
    if session.charge_state in (S.ACCESS_VALIDATED, S.WAITING_PLUG):
        return session_fail(session=session, reason="device_offline", sources=[S.ACCESS_VALIDATED, S.WAITING_PLUG])
    return False


def command_result_moves_session(*, action: str, status: str) -> bool:
    """Whether a command's ack does something to its session (`session_command_result`); a `received` never."""
    return (status == CommandStatus.DONE and action in (CommandAction.UNLOCK, CommandAction.STOP_CHARGE)) or \
        status in (CommandStatus.FAILED, CommandStatus.REJECTED)


def session_command_result(*, session_id: int, action: str, status: str) -> None:
    """What a command's ack does to its session: `unlock`/`stop_charge` done move it, a failure ends it
    (`command_result_moves_session` says when it does anything). The session is read only by the moves that
    need its row (a stop, a failure); an unlock's is one conditional update."""
    if status == CommandStatus.DONE and action == CommandAction.UNLOCK:
        session_unlocked(session_id=session_id)
        return
    if not command_result_moves_session(action=action, status=status):
        return
    session = Session.objects.select_related("emplacement", "reservation").get(pk=session_id)
    if status == CommandStatus.DONE and action == CommandAction.STOP_CHARGE:
        session_stopped(session=session)
    else:
        session_fail(session=session, reason=f"command_{status}")


def session_plug_timeout(*, session: Session) -> bool:
    """A session still waiting for the plug after `SESSION_PLUG_TIMEOUT_SECONDS` ends in error."""
    deadline = timezone.now() - timedelta(seconds=settings.SESSION_PLUG_TIMEOUT_SECONDS)
    if session.charge_state not in (S.ACCESS_VALIDATED, S.WAITING_PLUG) or session.charge_state_updated_at > deadline:
        return False
    return session_fail(session=session, reason="plug_timeout", sources=[S.ACCESS_VALIDATED, S.WAITING_PLUG])


# --- Kiosk-driven half (api/services/terminal.py calls these) ---------------------------------------


@transaction.atomic(savepoint=False)  # its callers' transaction ends with a failure anyway
def session_open(*, reservation: ReservationModel) -> Session:
    """Open the session of a `confirmee` reservation: reservation `active` (one winner), bay `occupe`.

    One charge at a time per bay: while a session of the bay is in `OPEN_SESSION_STATES` (e.g. the previous
    driver still charging in the next reservation's early-access window) the opening is refused (409
    `bay_in_use`). The bay row is locked first, so two openings on one bay are serialized: by its move to
    `occupe` (one statement), or, when the bay cannot make that move now (e.g. still `occupe`), by a locking
    read, the move then tried again once the session exists (a stop committed meanwhile freed the bay).
    """

    def occupy() -> int:
        return transition_where(EmplacementModel, field="statut", target=EmplacementStatus.OCCUPIED,
                                transitions=BAY_TRANSITIONS, where=Q(pk=reservation.emplacement_id))

    occupied = occupy()
    if not occupied:
        EmplacementModel.objects.select_for_update().filter(pk=reservation.emplacement_id).values_list("pk").first()
    if Session.objects.filter(emplacement_id=reservation.emplacement_id, charge_state__in=OPEN_SESSION_STATES).exists():
        raise Conflict(_("A charge is already in progress on this bay."), code="bay_in_use",
                       extra={"reason": "bay_in_use"})
    transition_apply(
        ReservationModel, pk=reservation.pk, field="statut", target=ReservationStatus.ACTIVE,
        transitions=RESERVATION_TRANSITIONS, sources=[ReservationStatus.CONFIRMED],
    )
    session = Session.objects.create(
        reservation=reservation, emplacement_id=reservation.emplacement_id, charge_state=S.ACCESS_VALIDATED,
    )
    if not occupied:
        occupy()
    logger.info("session %s opened for reservation %s", session.pk, reservation.pk)
    return session


def session_request_stop(*, session: Session) -> Session:
    """The kiosk asks to stop: `stopping` until the device acks `stop_charge` (InvalidTransition otherwise)."""
    return transition(
        Session, pk=session.pk, field="charge_state", target=S.STOPPING, transitions=CHARGE_SESSION_TRANSITIONS,
        sources=list(STOPPABLE_SESSION_STATES), stamp_field="charge_state_updated_at",
    )
