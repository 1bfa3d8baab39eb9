"""Booking: create, cancel, release no-shows, and the access code/QR of a reservation.

No double booking, ever: on PostgreSQL the exclusion constraint `reservation_no_overlap` decides (its
violation becomes a 409); on SQLite write transactions are serialized (`BEGIN IMMEDIATE`), so the
explicit overlap check inside the transaction is enough. The check runs on both for a clear error.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import mask
from api.errors import Conflict, InvalidInput, InvalidTransition, TooManyAttempts
from api.models import (
    Emplacement,
    OutboxChannel,
    OutboxMessage,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    Utilisateur,
)
from api.models.reservations import RESERVATION_OVERLAP_CONSTRAINT
from api.selectors.account_checks import AccountRow
from api.selectors.reservations import booking_state, statuses_bookable
from api.services import credentials, driver_events
from api.services.journal import journal_record
from api.services.outbox import outbox_enqueue
from api.services.transitions import RESERVATION_TRANSITIONS, transition

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
REFERENCE_LENGTH = 8
CANCELLABLE_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED)
HOLDING_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED)
SMS_MIN_INTERVAL_SECONDS = 60
SMS_MAX_PER_HOUR = 3


def new_reference_code() -> str:
    return "R" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def can_cancel(reservation: Reservation, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    limit = reservation.date_debut - timedelta(minutes=settings.RESERVATION_CANCEL_LIMIT_MINUTES)
    return reservation.statut in CANCELLABLE_STATUSES and now < limit


def _check_slot(*, date_debut: datetime, date_fin: datetime, now: datetime) -> None:
    if date_fin <= date_debut:
        raise InvalidInput(_("The end must come after the start."), code="invalid_slot")
    if date_debut < now - timedelta(minutes=settings.RESERVATION_MAX_PAST_MINUTES):
        raise InvalidInput(_("The booking's start is already past."), code="slot_in_past")
    if date_debut > now + timedelta(days=settings.RESERVATION_HORIZON_DAYS):
        raise InvalidInput(
            _("Bookings can be made at most %(days)s days in advance.") % {"days": settings.RESERVATION_HORIZON_DAYS},
            code="slot_beyond_horizon",
        )


def _is_overlap_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    return getattr(diag, "constraint_name", None) == RESERVATION_OVERLAP_CONSTRAINT or (
        RESERVATION_OVERLAP_CONSTRAINT in str(exc)
    )


def _slot_taken() -> Conflict:
    return Conflict(_("This time slot is already booked on this bay."), code="slot_taken")


def _refusal(state: dict[str, Any]) -> Conflict | None:
    """The first refusal `booking_state` calls for, in the order of api.md (bay, limit, own overlap, slot)."""
    if not statuses_bookable(state["statut"], state["borne__statut"], state["station__statut"]):
        return Conflict(_("This bay cannot be booked at the moment."), code="bay_unavailable")
    if state["holding"] >= settings.RESERVATION_MAX_OPEN_PER_USER:
        return Conflict(
            _("You already have %(n)s bookings in progress.") % {"n": settings.RESERVATION_MAX_OPEN_PER_USER},
            code="reservation_limit",
        )
    if state["overlapping"]:
        return Conflict(_("You already have a booking in this time slot."), code="user_overlap")
    if state["taken"]:
        return _slot_taken()
    return None


class _ReferenceCollision(Exception):
    """The INSERT was refused for another reason than an overlap: maybe the fresh reference code is taken."""

    def __init__(self, reference_code: str, error: IntegrityError) -> None:
        super().__init__(reference_code)
        self.reference_code = reference_code
        self.error = error


class AccountToVerify(Protocol):
    """A bearer whose account the booking checks in its first read (`api.authentication.UncheckedAccount`)."""

    @property
    def pk(self) -> int: ...

    def verify(self, account: AccountRow | None) -> None: ...


def reservation_create(
    *,
    utilisateur: Utilisateur | AccountToVerify,
    emplacement: Emplacement | int,
    date_debut: datetime,
    date_fin: datetime,
    auth_choice: str,
    ip: str | None = None,
    now: datetime | None = None,
) -> Reservation:
    """Book `emplacement` (a bay or its id) for `[date_debut, date_fin)` under every booking rule of api.md.

    `Emplacement.DoesNotExist` when there is no such bay. The refusals are read first from the committed
    state, without a transaction or a lock (a refusal true then is a true answer); a booking they let through
    is decided in one transaction, under the user's and the bay's row locks, by the same checks read again
    (and, on PostgreSQL, the exclusion constraint). A fresh reference code or access code that meets a live
    one rolls the whole transaction back and the booking is tried again (no savepoint per statement).
    `utilisateur` may be a bearer not yet checked (`AccountToVerify`): the first read brings its account's row,
    checked before anything else is decided.
    """
    now = now or timezone.now()
    bay_id = emplacement if isinstance(emplacement, int) else emplacement.pk
    slot: dict[str, Any] = {"utilisateur_id": utilisateur.pk, "emplacement_id": bay_id, "date_debut": date_debut,
                            "date_fin": date_fin, "holding": HOLDING_STATUSES}
    state = booking_state(**slot)
    if not isinstance(utilisateur, Utilisateur):
        utilisateur.verify(state["account"])
    _check_slot(date_debut=date_debut, date_fin=date_fin, now=now)
    if not state["bay"]:
        raise Emplacement.DoesNotExist(f"No bay {bay_id}.")
    refusal = _refusal(state)
    if refusal is not None:
        raise refusal
    for _attempt in range(credentials.ISSUE_ATTEMPTS):
        try:
            return _book(utilisateur_id=utilisateur.pk, bay_id=bay_id, slot=slot, auth_choice=auth_choice, ip=ip,
                         now=now)
        except IntegrityError as exc:
            if _is_overlap_violation(exc):
                raise _slot_taken() from exc
            raise
        except _ReferenceCollision as collision:
            if not Reservation.objects.filter(reference_code=collision.reference_code).exists():
                raise collision.error from None
        except credentials.CredentialCollision:
            pass
    raise Conflict(_("Could not generate a unique reference."), code="reference_collision")


@transaction.atomic
def _book(
    *, utilisateur_id: int, bay_id: int, slot: dict[str, Any], auth_choice: str, ip: str | None, now: datetime
) -> Reservation:
    """One attempt of `reservation_create`, in its transaction."""
    # Serializes one user's bookings (per-user limit) on PostgreSQL; SQLite serializes every writer anyway.
    # With the profile: the confirmation reads the user's language and phone.
    utilisateur = Utilisateur.objects.select_for_update(of=("self",)).select_related("profil").get(pk=utilisateur_id)
    # Bookings of one bay queue up on its row: on PostgreSQL the loser then sees the winner's committed row in
    # the check below (concurrent inserts checked only by the exclusion constraint can deadlock).
    bay = Emplacement.objects.select_for_update(of=("self",)).select_related("borne", "station").get(pk=bay_id)
    # Once both rows are locked: the refusals again, in one statement (its snapshot follows the locks).
    refusal = _refusal(booking_state(**slot))
    if refusal is not None:
        raise refusal
    badge = None
    statut = ReservationStatus.CONFIRMED
    if auth_choice == ReservationAuthChoice.RFID:
        badge = (
            utilisateur.authentifications.filter(type_auth__libelle=ReservationAuthChoice.RFID, is_active=True)
            .order_by("-id_auth")
            .first()
        )
        statut = ReservationStatus.CONFIRMED if badge else ReservationStatus.PENDING
    temporary = None
    if auth_choice in (ReservationAuthChoice.QR, ReservationAuthChoice.CODE):  # its row first: the booking names it
        temporary = credentials.temporary_credential_new(utilisateur_id=utilisateur.pk, mode=auth_choice,
                                                         borne_id=bay.borne_id, expiration=slot["date_fin"])
    reference_code = new_reference_code()
    try:
        reservation = Reservation.objects.create(
            reference_code=reference_code, utilisateur=utilisateur, emplacement=bay, date_debut=slot["date_debut"],
            date_fin=slot["date_fin"], auth_choice=auth_choice, statut=statut, authentification=badge or temporary,
            created_at=now,
        )
    except IntegrityError as exc:
        if _is_overlap_violation(exc):
            raise
        raise _ReferenceCollision(reference_code, exc) from exc
    if temporary is not None:
        credentials.temporary_credential_bind(temporary, reservation=reservation)
    journal_record(
        action="reservation.created", utilisateur=utilisateur, ip=ip,
        details={"id_reservation": reservation.pk, "reference_code": reservation.reference_code,
                 "emplacement": bay.pk, "auth_choice": auth_choice, "statut": statut},
    )
    # The reservation carries its user (and profile), bay (cabinet, station) and credential: no re-read.
    driver_events.driver_booking_confirmed(reservation=reservation, loaded=True)
    return reservation


@transaction.atomic
def reservation_cancel(
    *, reservation: Reservation, actor: Utilisateur, by_admin: bool = False, ip: str | None = None
) -> Reservation:
    """Cancel (owner: until the cancel limit; admin: any cancellable one) and revoke its temporary credential."""
    if not by_admin and reservation.statut in CANCELLABLE_STATUSES and not can_cancel(reservation):
        raise Conflict(_("This booking can no longer be cancelled."), code="cancel_too_late")
    cancelled = transition(
        Reservation, pk=reservation.pk, field="statut", target=ReservationStatus.CANCELLED,
        transitions=RESERVATION_TRANSITIONS, stamp_field="cancelled_at",
        cancel_reason="admin" if by_admin else "user",
    )
    credentials.temporary_credential_revoke(reservation=cancelled, reason="cancelled")
    journal_record(
        action="reservation.cancelled_by_admin" if by_admin else "reservation.cancelled", utilisateur=actor, ip=ip,
        details={"id_reservation": cancelled.pk, "reference_code": cancelled.reference_code},
    )
    if by_admin:
        driver_events.driver_booking_released(reservation=cancelled)
    return cancelled


def reservation_release_no_shows(*, now: datetime | None = None) -> int:
    """Release reservations not opened within the grace period (`annulee`, reason `no_show`).

    Each row moves through a conditional update, so two sweeps at once release each row once.
    """
    now = now or timezone.now()
    deadline = now - timedelta(minutes=settings.RESERVATION_NO_SHOW_GRACE_MINUTES)
    released = 0
    due = Reservation.objects.filter(statut__in=HOLDING_STATUSES, date_debut__lt=deadline).values_list("pk", flat=True)
    for pk in list(due[:1000]):
        try:
            with transaction.atomic():
                row = transition(
                    Reservation, pk=pk, field="statut", target=ReservationStatus.CANCELLED,
                    transitions=RESERVATION_TRANSITIONS, sources=list(HOLDING_STATUSES),
                    stamp_field="cancelled_at", cancel_reason="no_show",
                )
                credentials.temporary_credential_revoke(reservation=row, reason="no_show")
                driver_events.driver_booking_released(reservation=row)
                journal_record(action="reservation.no_show", utilisateur=None,
                               details={"id_reservation": pk, "reference_code": row.reference_code})
        except InvalidTransition:
            continue  # another sweep (or the kiosk) got there first
        released += 1
    return released


def reservations_cancel_for_maintenance(*, station_id: int, now: datetime | None = None) -> int:
    """A station gone into maintenance: its bookings not yet opened and not over are cancelled (reason
    `station_maintenance`), their credentials revoked, and their drivers told. Call it in the transaction
    that moved the station."""
    now = now or timezone.now()
    due = Reservation.objects.filter(
        emplacement__station_id=station_id, statut__in=HOLDING_STATUSES, date_fin__gt=now
    ).values_list("pk", flat=True)
    cancelled = 0
    for pk in list(due):
        try:
            row = transition(
                Reservation, pk=pk, field="statut", target=ReservationStatus.CANCELLED,
                transitions=RESERVATION_TRANSITIONS, sources=list(HOLDING_STATUSES),
                stamp_field="cancelled_at", cancel_reason="station_maintenance",
            )
        except InvalidTransition:
            continue
        credentials.temporary_credential_revoke(reservation=row, reason="station_maintenance")
        journal_record(action="reservation.cancelled_maintenance", utilisateur=None,
                       details={"id_reservation": pk, "reference_code": row.reference_code, "station": station_id})
        driver_events.driver_booking_released(reservation=row)
        cancelled += 1
    return cancelled


# --- Access code / QR ---------------------------------------------------------------------------------


def _usable_credential(reservation: Reservation, *, now: datetime) -> Any:
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        raise Conflict(_("This booking uses an RFID badge."), code="no_temporary_credential")
    if reservation.statut not in HOLDING_STATUSES or reservation.date_fin <= now:
        raise Conflict(_("This booking has no usable access left."), code="access_unavailable")
    auth = reservation.authentification
    if auth is None or not auth.is_active:
        raise Conflict(_("This booking's access has been revoked."), code="access_revoked")
    return auth


def access_payload(reservation: Reservation, *, now: datetime | None = None) -> dict[str, Any]:
    """`{"auth_mode", "code"}` or `{"auth_mode", "qr_payload", "qr_svg"}`, with `"expiration"`."""
    auth = _usable_credential(reservation, now=now or timezone.now())
    secret = credentials.credential_secret(auth)
    payload: dict[str, Any] = {"auth_mode": reservation.auth_choice, "expiration": auth.expiration}
    if reservation.auth_choice == ReservationAuthChoice.CODE:
        payload["code"] = secret
    else:
        payload["qr_payload"] = secret
        payload["qr_svg"] = segno.make(secret, error="m").svg_inline(scale=4)
    return payload


@transaction.atomic
def reservation_access_regenerate(
    *, reservation: Reservation, actor: Utilisateur, ip: str | None = None
) -> Reservation:
    """Admin: a new QR/code for an open reservation; the previous one is invalid at once."""
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        raise Conflict(_("This booking uses an RFID badge."), code="no_temporary_credential")
    if reservation.statut not in HOLDING_STATUSES or reservation.date_fin <= timezone.now():
        raise Conflict(_("This booking has no usable access left."), code="access_unavailable")
    credentials.temporary_credential_regenerate(reservation=reservation)
    journal_record(action="reservation.access_regenerated", utilisateur=actor, ip=ip,
                   details={"id_reservation": reservation.pk, "reference_code": reservation.reference_code})
    return reservation


@transaction.atomic
def reservation_access_revoke(*, reservation: Reservation, actor: Utilisateur, ip: str | None = None) -> Reservation:
    """Admin: disable the reservation's QR/code credential (a regeneration brings a new one)."""
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        raise Conflict(_("This booking uses an RFID badge."), code="no_temporary_credential")
    if not credentials.temporary_credential_revoke(reservation=reservation, reason="admin"):
        raise Conflict(_("No active access to revoke."), code="already_revoked")
    journal_record(action="reservation.access_revoked", utilisateur=actor, ip=ip,
                   details={"id_reservation": reservation.pk, "reference_code": reservation.reference_code})
    reservation.refresh_from_db()
    return reservation


@transaction.atomic
def reservation_send_access_code(*, reservation: Reservation, ip: str | None = None) -> OutboxMessage:
    """Queue the current code by SMS to the owner's verified phone: one a minute, at most 3 an hour per reservation."""
    now = timezone.now()
    Reservation.objects.select_for_update().filter(pk=reservation.pk).first()  # serialize the throttle
    if reservation.auth_choice != ReservationAuthChoice.CODE:
        raise Conflict(_("Only bookings by code can be sent by SMS."), code="not_code_mode")
    payload = access_payload(reservation, now=now)
    profil = getattr(reservation.utilisateur, "profil", None)
    phone = getattr(profil, "telephone", "") or ""
    if not phone:
        raise InvalidInput(_("No phone number in your profile."), code="no_phone")
    if profil is None or not profil.telephone_verifie:  # only to a number its owner proved (phone_verification_send)
        raise InvalidInput(_("Verify your phone number first."), code="phone_not_verified")
    prefix = f"reservation-sms:{reservation.pk}:"
    recent = OutboxMessage.objects.filter(dedupe_key__startswith=prefix, created_at__gte=now - timedelta(hours=1))
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and (now - last).total_seconds() < SMS_MIN_INTERVAL_SECONDS:
        raise TooManyAttempts(retry_after=SMS_MIN_INTERVAL_SECONDS - int((now - last).total_seconds()))
    if recent.count() >= SMS_MAX_PER_HOUR:
        oldest = recent.order_by("created_at").values_list("created_at", flat=True).first() or now
        raise TooManyAttempts(retry_after=int((oldest + timedelta(hours=1) - now).total_seconds()))
    local_start = timezone.localtime(reservation.date_debut).strftime("%d/%m %H:%M")
    body = str(_("Booking %(ref)s (%(start)s): your access code is %(code)s.")) % {
        "ref": reservation.reference_code, "start": local_start, "code": payload["code"],
    }
    message = outbox_enqueue(
        channel=OutboxChannel.SMS, recipient=phone, body=body, dedupe_key=f"{prefix}{int(now.timestamp())}"
    )
    if message is None:
        raise TooManyAttempts(retry_after=SMS_MIN_INTERVAL_SECONDS)
    journal_record(action="reservation.access_code_sent", utilisateur=reservation.utilisateur, ip=ip,
                   details={"id_reservation": reservation.pk, "phone": mask(phone)})
    return message
