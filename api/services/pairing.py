"""Phone pairing (api.md "Phone pairing"): a short-lived, single-use token bound to one kiosk.

The token (>= 128 bits, from `random_token`) is shown once by the kiosk as a QR code; only its keyed
hash is stored. Moves go through `MOBILE_SESSION_TRANSITIONS` as conditional updates that also check the
expiry, so one pairing is authorized once and consumed once, whatever the concurrency.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import pairing_token_hash, random_token
from api.errors import Conflict, NotFound
from api.models import (
    Borne,
    MobileSession,
    MobileSessionStatus,
    Reservation,
    ReservationAuthChoice,
    Utilisateur,
)
from api.selectors.terminal import usable_reservations
from api.services.journal import journal_record
from api.services.terminal import OpenedSession, kiosk_open
from api.services.transitions import MOBILE_SESSION_TRANSITIONS, sources_of

P = MobileSessionStatus
TOKEN_BYTES = 24  # 192 bits


def pairing_qr_payload(token: str) -> str:
    """The URL the phone opens (the front end calls `mobile_session_detail` with the token)."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/mobile-sessions/{token}/"


def pairing_status(pairing: MobileSession, now: datetime | None = None) -> str:
    """The status as seen now: a pending or authorized pairing past its expiry is `expired`."""
    now = now or timezone.now()
    if pairing.status in (P.PENDING, P.AUTHORIZED) and pairing.expires_at <= now:
        return P.EXPIRED
    return pairing.status


def pairing_create(*, borne: Borne) -> tuple[MobileSession, str]:
    """A new pending pairing of the kiosk of `borne`; answers it and the token in clear (shown once)."""
    token = random_token(TOKEN_BYTES)
    now = timezone.now()
    pairing = MobileSession.objects.create(
        borne=borne, token_hash=pairing_token_hash(token), status=P.PENDING, created_at=now,
        expires_at=now + timedelta(seconds=settings.MOBILE_SESSION_TTL_SECONDS),
    )
    return pairing, token


def _move(pairing: MobileSession, *, source: str, target: str, now: datetime, **changes: object) -> bool:
    allowed = [state for state in sources_of(MOBILE_SESSION_TRANSITIONS, target) if state == source]
    return MobileSession.objects.filter(
        pk=pairing.pk, status__in=allowed, expires_at__gt=now
    ).update(status=target, **changes) == 1


def _expired() -> Conflict:
    return Conflict(_("This pairing has expired."), code="pairing_expired", extra={"reason": "pairing_expired"})


def _used() -> Conflict:
    return Conflict(_("This pairing has already been used."), code="pairing_used", extra={"reason": "pairing_used"})


def pairing_authorize(*, pairing: MobileSession, utilisateur: Utilisateur, id_reservation: int,
                      ip: str | None = None) -> MobileSession:
    """The signed-in user authorizes one of their reservations usable at the paired kiosk now."""
    now = timezone.now()
    reservation = Reservation.objects.filter(
        pk=id_reservation, utilisateur=utilisateur, emplacement__borne_id=pairing.borne_id
    ).first()
    if reservation is None:
        raise NotFound(_("Booking not found for this kiosk."), code="reservation_not_found")
    usable = usable_reservations(utilisateur=utilisateur, borne=pairing.borne, now=now)
    if not usable.filter(pk=reservation.pk).exists():
        raise Conflict(_("This booking cannot be used now."), code="outside_window",
                       extra={"reason": "outside_window"})
    if pairing_status(pairing, now) == P.EXPIRED:
        raise _expired()
    if not _move(pairing, source=P.PENDING, target=P.AUTHORIZED, now=now, utilisateur=utilisateur,
                 reservation=reservation, authorized_at=now):
        raise _used()
    journal_record(action="pairing.authorized", utilisateur=utilisateur, ip=ip,
                   details={"borne": pairing.borne_id, "pairing": pairing.pk, "reservation": reservation.pk})
    pairing.refresh_from_db()
    return pairing


def pairing_consume(*, pairing: MobileSession, borne: Borne, ip: str | None = None) -> OpenedSession:
    """The kiosk consumes an authorized pairing (once) and opens the session like `terminal_authenticate`."""

    def resolve() -> Reservation:
        now = timezone.now()
        fresh = MobileSession.objects.get(pk=pairing.pk)
        status = pairing_status(fresh, now)
        if status == P.EXPIRED:
            raise _expired()
        if status == P.PENDING or fresh.reservation_id is None:
            raise Conflict(_("This pairing is not authorized yet."), code="pairing_not_authorized",
                           extra={"reason": "pairing_not_authorized"})
        if status == P.CONSUMED:
            raise _used()
        return Reservation.objects.select_related("emplacement", "utilisateur").get(pk=fresh.reservation_id)

    def consume(reservation: Reservation) -> None:
        now = timezone.now()
        if not _move(pairing, source=P.AUTHORIZED, target=P.CONSUMED, now=now, consumed_at=now):
            raise _used()

    method = (Reservation.objects.filter(pk=pairing.reservation_id or 0).values_list("auth_choice", flat=True).first()
              or ReservationAuthChoice.QR)
    opened = kiosk_open(borne=borne, method=method, ip=ip, resolve=resolve, consume=consume, channel="mobile")
    MobileSession.objects.filter(pk=pairing.pk).update(session=opened.session)
    return opened
