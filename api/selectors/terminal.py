"""Kiosk-scoped reads: a session or pairing of another cabinet is NotFound (404), like an unknown one."""

from __future__ import annotations

from django.db.models import QuerySet

from api.errors import NotFound
from api.models import Borne, ChargeSessionState, MobileSession, MobileSessionStatus, Session
from api.services.pairing import pairing_token_hash

ARCHIVED_SESSION_STATES = (ChargeSessionState.STOPPED, ChargeSessionState.ERROR)


def session_for_kiosk(*, borne: Borne, id_session: int) -> Session:
    session = (
        Session.objects.select_related("reservation", "emplacement")
        .filter(pk=id_session, emplacement__borne=borne)
        .first()
    )
    if session is None:
        raise NotFound()
    return session


def pairing_for_kiosk(*, borne: Borne, token: str) -> MobileSession:
    pairing = (
        MobileSession.objects.select_related("borne", "reservation")
        .filter(token_hash=pairing_token_hash(token), borne=borne)
        .first()
    )
    if pairing is None:
        raise NotFound()
    return pairing


def pairing_for_user(*, token: str, user_id: int) -> MobileSession:
    """A pairing seen from a phone: any signed-in holder of a pending token; once authorized, its user only."""
    pairing = (
        MobileSession.objects.select_related("borne__station", "reservation")
        .filter(token_hash=pairing_token_hash(token))
        .first()
    )
    if pairing is None or (pairing.status != MobileSessionStatus.PENDING and pairing.utilisateur_id != user_id):
        raise NotFound()
    return pairing


def admin_session_lists(*, station: int | None = None, charge_state: str | None = None,
                        q: str | None = None) -> dict[str, QuerySet[Session]]:
    """`active` (open charge states) and `archived` (stopped or error) sessions, with the admin filters."""
    rows = Session.objects.select_related("reservation", "emplacement__station")
    if station is not None:
        rows = rows.filter(emplacement__station_id=station)
    if charge_state:
        rows = rows.filter(charge_state=charge_state)
    if q:
        rows = rows.filter(reservation__reference_code__icontains=q.strip())
    return {
        "active": rows.exclude(charge_state__in=ARCHIVED_SESSION_STATES).order_by("-start_time", "-id_session"),
        "archived": rows.filter(charge_state__in=ARCHIVED_SESSION_STATES).order_by("-start_time", "-id_session"),
    }
