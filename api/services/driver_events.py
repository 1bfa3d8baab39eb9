"""What a driver is told, and when: one function per event, called by the service where the event happens, in
its transaction, so the outbox row commits (or not) with the change itself.

Every message has a dedupe key per event (`reservation:<id>:confirmed`, `reservation:<id>:reminder:<start>`,
`session:<id>:receipt`...), unique in the outbox: a retry, a second worker or a sweep run twice queue it once.
Service and security messages go to every driver; the reminder only with the `notifications` consent, and it
is checked again at delivery (`driver_message_still_wanted`): a booking cancelled or a consent withdrawn in
the meantime sends nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef
from django.utils import timezone

from api.models import (
    Authentification,
    ConsentType,
    OutboxMessage,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    Session,
    Utilisateur,
)
from api.selectors.accounts import consent_accepted, current_consents
from api.services import credentials
from api.services import driver_messages as dm

REMINDER_STATUSES = (ReservationStatus.CONFIRMED,)


def _reservation(reservation: Reservation) -> Reservation:
    return Reservation.objects.select_related(
        "utilisateur__profil", "emplacement__borne", "emplacement__station", "authentification"
    ).get(pk=reservation.pk)


def _booking_context(reservation: Reservation) -> dict[str, object]:
    bay = reservation.emplacement
    return {"reservation": reservation, "station": bay.station, "borne": bay.borne, "bay": bay,
            "app_url": settings.PUBLIC_BASE_URL.rstrip("/") + "/reservations"}


def _wants_notifications(user: Utilisateur) -> bool:
    return current_consents(user=user).get("notifications_accepted") is True


def driver_booking_confirmed(*, reservation: Reservation, loaded: bool = False) -> int:
    """The booking made: its window, access mode, the code or the QR image, and the slot as an `.ics`.

    `loaded`: the caller has just created `reservation` with its user (and profile), bay (cabinet, station)
    and credential in memory: no re-read, and its message keys cannot be queued yet (no savepoint)."""
    if not loaded:
        reservation = _reservation(reservation)
    user = reservation.utilisateur
    language = dm.language_of(user)
    attachments = [dm.reservation_ics(reservation, language=language)]
    context = _booking_context(reservation)
    auth = reservation.authentification
    if reservation.auth_choice in (ReservationAuthChoice.CODE, ReservationAuthChoice.QR) and auth is not None:
        secret = credentials.credential_secret(auth)
        if reservation.auth_choice == ReservationAuthChoice.CODE:
            context["code"] = secret
        else:
            attachments.append(dm.qr_png(secret, reference_code=reservation.reference_code))
            context["has_qr"] = True
    context["pending"] = reservation.statut == ReservationStatus.PENDING
    return dm.enqueue_for_user(user, kind=dm.CONFIRMED, key=f"reservation:{reservation.pk}:confirmed",
                               context=context, reservation=reservation, attachments=attachments, new_key=loaded)


def _reminder_key(reservation: Reservation) -> str:
    return f"reservation:{reservation.pk}:reminder:{reservation.date_debut.astimezone(UTC).isoformat()}"


def driver_reminders_enqueue(*, now: datetime | None = None, limit: int = 500) -> int:
    """The worker's sweep: a reminder `DRIVER_REMINDER_MINUTES` before each confirmed slot, with the consent.

    Booked less than that before its start, a booking gets none (its confirmation just came). One reminder per
    booking (a booking's start never moves: another slot is another booking). Which bookings are due is
    decided in the query (the lead, the driver's latest `notifications` consent, no reminder queued yet), so a
    sweep reads only the reminders it sends: the bookings of drivers who did not consent are not read again
    at every sweep, and cannot fill `limit` ahead of those who did. Safe to run twice and from several
    workers: the dedupe key queues each reminder once.
    """
    now = now or timezone.now()
    lead = timedelta(minutes=settings.DRIVER_REMINDER_MINUTES)
    reminded = OutboxMessage.objects.filter(reservation=OuterRef("pk"), kind=dm.REMINDER)
    due = (
        Reservation.objects.filter(statut__in=REMINDER_STATUSES, date_debut__gt=now, date_debut__lte=now + lead)
        .filter(created_at__lte=ExpressionWrapper(F("date_debut") - lead, output_field=DateTimeField()))
        .filter(consent_accepted(ConsentType.NOTIFICATIONS))
        .exclude(Exists(reminded))
        .select_related("utilisateur__profil", "emplacement__borne", "emplacement__station", "authentification")
        .order_by("date_debut")
    )
    return sum(
        dm.enqueue_for_user(reservation.utilisateur, kind=dm.REMINDER, key=_reminder_key(reservation),
                            context=_booking_context(reservation), reservation=reservation)
        for reservation in due[:limit]
    )


def driver_message_still_wanted(*, message: OutboxMessage, now: datetime | None = None) -> bool:
    """At delivery: a reminder goes only for a still confirmed booking at the same start, with the consent."""
    if message.kind != dm.REMINDER:
        return True
    if message.reservation_id is None:
        return False
    reservation = Reservation.objects.filter(pk=message.reservation_id).select_related("utilisateur").first()
    return (
        reservation is not None
        and reservation.statut in REMINDER_STATUSES
        and reservation.date_debut > (now or timezone.now())
        and (message.dedupe_key or "").startswith(_reminder_key(reservation))
        and _wants_notifications(reservation.utilisateur)
    )


def driver_booking_released(*, reservation: Reservation) -> int:
    """Cancelled by the platform: a no-show (`no_show`), an operator (`admin`), a station in maintenance."""
    reservation = _reservation(reservation)
    if reservation.cancel_reason == "no_show":
        kind, key = dm.NO_SHOW, f"reservation:{reservation.pk}:no_show"
    else:
        kind, key = dm.CANCELLED, f"reservation:{reservation.pk}:cancelled"
    context = {**_booking_context(reservation), "cancel_reason": reservation.cancel_reason}
    return dm.enqueue_for_user(reservation.utilisateur, kind=kind, key=key, context=context, reservation=reservation)


def _session(session: Session) -> Session:
    return Session.objects.select_related(
        "reservation__utilisateur__profil", "emplacement__borne", "emplacement__station"
    ).get(pk=session.pk)


def driver_session_stopped(*, session: Session) -> int:
    """The receipt: start, end, duration, energy."""
    session = _session(session)
    end = session.end_time or timezone.now()
    context = {**_booking_context(session.reservation), "session": session, "end": end,
               "duration_minutes": max(0, round((end - session.start_time).total_seconds() / 60)),
               "kwh": round(session.energie_kwh or 0.0, 2)}
    return dm.enqueue_for_user(session.reservation.utilisateur, kind=dm.RECEIPT, key=f"session:{session.pk}:receipt",
                               context=context, reservation=session.reservation)


def driver_session_failed(*, session: Session) -> int:
    """The charge ended in `error`: what happened (its reason) and what to do."""
    session = _session(session)
    context = {**_booking_context(session.reservation), "session": session, "error_reason": session.error_reason}
    return dm.enqueue_for_user(session.reservation.utilisateur, kind=dm.SESSION_ERROR,
                               key=f"session:{session.pk}:error", context=context, reservation=session.reservation)


def driver_badge_changed(*, auth: Authentification, linked: bool) -> int:
    """A badge linked or revoked (shown by its masked value only, never its UID)."""
    user = Utilisateur.objects.select_related("profil").get(pk=auth.utilisateur_id)
    kind = dm.BADGE_LINKED if linked else dm.BADGE_REVOKED
    return dm.enqueue_for_user(user, kind=kind, key=f"badge:{auth.pk}:{'linked' if linked else 'revoked'}",
                               context={"badge_label": auth.display_value, "at": timezone.now()})


def driver_password_changed(*, user: Utilisateur) -> int:
    now = timezone.now()
    return dm.enqueue_for_user(user, kind=dm.PASSWORD_CHANGED, key=f"user:{user.pk}:password:{now.timestamp()}",
                               context={"at": now})


def driver_account_deleted(*, user_id: int, email: str, language: str, pseudo: str) -> int:
    """To the address the account had (called before it is anonymized)."""
    return dm.enqueue_for(kind=dm.ACCOUNT_DELETED, key=f"user:{user_id}:deleted", email=email, language=language,
                          context={"pseudo": pseudo, "at": timezone.now(), "account_gone": True})
