"""Access credentials: temporary QR/code credentials of a reservation, RFID badges and their link codes.

Secrets are never stored. A QR token or access code is *derived* from the credential's id, a random
nonce kept in its metadata and the server pepper (see docs/credentials.md), so the owner can fetch the
same code again, a new nonce invalidates the previous one at once, and only keyed hashes are stored.
RFID UIDs are stored as keyed hashes of the normalized UID, shown as a masked hint.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import keyed_hash, mask, normalize_rfid_uid, random_digits, random_token
from api.errors import Conflict, Forbidden, InvalidInput, NotFound
from api.models import (
    Authentification,
    Borne,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    RfidLinkCode,
    TypeAuth,
    Utilisateur,
)
from api.services.journal import journal_record
from api.services.transitions import RESERVATION_TRANSITIONS, transition

CODE_LENGTH = 8
LINK_CODE_LENGTH = 8
QR_TOKEN_HEX = 32  # 128 bits
CODE_DISPLAY = "•" * CODE_LENGTH
QR_DISPLAY = "QR"
_ISSUE_ATTEMPTS = 5

# Authentification.metadata["status"] of an RFID method.
BADGE_PENDING = "pending"
BADGE_ACTIVE = "active"
BADGE_REVOKED = "revoked"


def type_auth_for(libelle: str) -> TypeAuth:
    """The `TypeAuth` row of a mode (made by migration 0003; recreated if a flush removed it)."""
    return TypeAuth.objects.get_or_create(libelle=libelle)[0]


def rfid_hash(uid: str) -> str:
    """Keyed hash of a normalized badge UID (the only form a UID is stored in)."""
    return keyed_hash(normalize_rfid_uid(uid), purpose=ReservationAuthChoice.RFID)


def credential_value_hash(mode: str, value: str) -> str:
    return keyed_hash(value.strip(), purpose=mode)


# --- Temporary QR / code credentials --------------------------------------------------------------


def credential_secret(auth: Authentification) -> str:
    """The current QR token or access code of a temporary credential, derived from its nonce."""
    mode = auth.metadata.get("mode", "")
    digest = keyed_hash(f"{auth.id_auth}:{auth.metadata.get('nonce', '')}", purpose=f"{mode}-secret")
    if mode == ReservationAuthChoice.CODE:
        return str(int(digest, 16) % 10**CODE_LENGTH).zfill(CODE_LENGTH)
    return digest[:QR_TOKEN_HEX]


def _apply_new_nonce(auth: Authentification) -> bool:
    """Give `auth` a fresh nonce and the matching hash; False when that value collides with a live one."""
    metadata = {**auth.metadata, "nonce": random_token(16)}
    metadata.pop("used_at", None)
    metadata.pop("revoked_at", None)
    auth.metadata = metadata
    value_hash = credential_value_hash(metadata["mode"], credential_secret(auth))
    try:
        with transaction.atomic():
            Authentification.objects.filter(pk=auth.pk).update(
                metadata=metadata, hash_valeur=value_hash, is_active=True
            )
    except IntegrityError:
        return False
    auth.hash_valeur = value_hash
    auth.is_active = True
    return True


def _renew_nonce(auth: Authentification) -> None:
    for _attempt in range(_ISSUE_ATTEMPTS):
        if _apply_new_nonce(auth):
            return
    raise Conflict(_("Impossible de generer un identifiant d'acces unique."), code="credential_collision")


@transaction.atomic(savepoint=False)  # inside a booking: no savepoint of its own (its failure aborts the booking)
def temporary_credential_issue(*, reservation: Reservation) -> Authentification:
    """Create the QR or code credential of a `qr`/`code` reservation, bound to its cabinet and window."""
    mode = reservation.auth_choice
    auth = Authentification.objects.create(
        utilisateur_id=reservation.utilisateur_id,
        type_auth=type_auth_for(mode),
        hash_valeur="",
        display_value=CODE_DISPLAY if mode == ReservationAuthChoice.CODE else QR_DISPLAY,
        metadata={"mode": mode, "reservation": reservation.pk, "borne": reservation.emplacement.borne_id},
        expiration=reservation.date_fin,
        is_active=True,
    )
    _renew_nonce(auth)
    Reservation.objects.filter(pk=reservation.pk).update(authentification=auth)
    reservation.authentification = auth
    return auth


@transaction.atomic
def temporary_credential_regenerate(*, reservation: Reservation) -> Authentification:
    """New nonce (the previous QR/code is invalid at once), or a new credential if there was none."""
    auth = reservation.authentification
    if auth is None or auth.type_auth.libelle != reservation.auth_choice:
        return temporary_credential_issue(reservation=reservation)
    auth = Authentification.objects.select_for_update().get(pk=auth.pk)
    _renew_nonce(auth)
    reservation.authentification = auth
    return auth


def temporary_credential_revoke(*, reservation: Reservation, reason: str = "revoked") -> bool:
    """Disable the reservation's QR/code credential; True when an active one was disabled."""
    auth_id = reservation.authentification_id
    if auth_id is None or reservation.auth_choice == ReservationAuthChoice.RFID:
        return False
    auth = Authentification.objects.filter(pk=auth_id).first()
    if auth is None:
        return False
    metadata = {**auth.metadata, "revoked_at": timezone.now().isoformat(), "revoked_reason": reason}
    return Authentification.objects.filter(pk=auth_id, is_active=True).update(is_active=False, metadata=metadata) == 1


# --- Kiosk-side resolution --------------------------------------------------------------------------


def _in_window(reservation: Reservation, now: datetime) -> bool:
    early = timedelta(minutes=settings.KIOSK_EARLY_ACCESS_MINUTES)
    return reservation.date_debut - early <= now < reservation.date_fin


def _refuse(reason: str, message: Any) -> Forbidden:
    return Forbidden(message, code=reason, extra={"reason": reason})


def _conflict(reason: str, message: Any) -> Conflict:
    return Conflict(message, code=reason, extra={"reason": reason})


def _resolve_rfid(*, borne: Borne, value: str, now: datetime) -> Reservation:
    if not normalize_rfid_uid(value):
        raise _refuse("invalid_credential", _("Badge non reconnu."))
    badge = (
        Authentification.objects.filter(
            type_auth__libelle=ReservationAuthChoice.RFID, hash_valeur=rfid_hash(value), is_active=True
        )
        .only("id_auth", "utilisateur_id")
        .first()
    )
    if badge is None:
        raise _refuse("invalid_credential", _("Badge non reconnu ou revoque."))
    candidates = list(
        Reservation.objects.filter(
            utilisateur_id=badge.utilisateur_id,
            emplacement__borne=borne,
            auth_choice=ReservationAuthChoice.RFID,
            statut=ReservationStatus.CONFIRMED,
            date_fin__gt=now - timedelta(days=1),
        )
        .select_related("emplacement", "utilisateur")
        .order_by("date_debut")
    )
    for reservation in candidates:
        if _in_window(reservation, now):
            return reservation
    if candidates:
        raise _conflict("outside_window", _("Votre reservation n'est pas dans sa fenetre d'acces."))
    raise _refuse("no_reservation", _("Aucune reservation pour ce badge sur cette borne."))


def _resolve_temporary(*, borne: Borne, method: str, value: str, now: datetime) -> Reservation:
    value = value.strip()
    if not value:
        raise _refuse("invalid_credential", _("Identifiant d'acces invalide."))
    auth = (
        Authentification.objects.filter(type_auth__libelle=method, hash_valeur=credential_value_hash(method, value))
        .order_by("-is_active", "-id_auth")
        .first()
    )
    if auth is None:
        raise _refuse("invalid_credential", _("Identifiant d'acces inconnu."))
    if not auth.is_active:
        if auth.metadata.get("used_at"):
            raise _conflict("credential_used", _("Cet identifiant d'acces a deja ete utilise."))
        raise _refuse("revoked_credential", _("Cet identifiant d'acces a ete revoque."))
    reservation = (
        Reservation.objects.filter(authentification=auth, auth_choice=method)
        .select_related("emplacement", "utilisateur")
        .first()
    )
    if reservation is None:
        raise _refuse("invalid_credential", _("Identifiant d'acces inconnu."))
    if reservation.emplacement.borne_id != borne.pk or auth.metadata.get("borne") != borne.pk:
        raise _refuse("wrong_cabinet", _("Cet identifiant d'acces n'est pas valable sur cette borne."))
    if reservation.statut != ReservationStatus.CONFIRMED:
        raise _conflict("reservation_not_confirmed", _("Cette reservation n'est pas utilisable."))
    if not _in_window(reservation, now):
        raise _conflict("outside_window", _("Votre reservation n'est pas dans sa fenetre d'acces."))
    return reservation


def credential_resolve(*, borne: Borne, method: str, value: str, now: datetime | None = None) -> Reservation:
    """The reservation a credential presented at `borne` opens now.

    Forbidden (403) for an unknown, revoked or foreign-cabinet credential; Conflict (409) for a valid one
    outside its window, already used, or whose reservation is not `confirmee`. Never logs the secret.
    """
    now = now or timezone.now()
    if method == ReservationAuthChoice.RFID:
        return _resolve_rfid(borne=borne, value=value, now=now)
    if method in (ReservationAuthChoice.QR, ReservationAuthChoice.CODE):
        return _resolve_temporary(borne=borne, method=method, value=value, now=now)
    raise _refuse("invalid_method", _("Methode d'authentification inconnue."))


def credential_mark_used(*, reservation: Reservation) -> None:
    """Consume a QR/code credential once (conditional update: one winner). No-op for RFID badges."""
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        return
    auth_id = reservation.authentification_id
    auth = Authentification.objects.filter(pk=auth_id).first() if auth_id is not None else None
    if auth is None:
        raise _refuse("invalid_credential", _("Identifiant d'acces inconnu."))
    metadata = {**auth.metadata, "used_at": timezone.now().isoformat()}
    updated = Authentification.objects.filter(pk=auth.pk, is_active=True, hash_valeur=auth.hash_valeur).update(
        is_active=False, metadata=metadata
    )
    if updated != 1:
        raise _conflict("credential_used", _("Cet identifiant d'acces a deja ete utilise."))


# --- RFID badges --------------------------------------------------------------------------------------


def user_has_active_badge(utilisateur_id: int) -> bool:
    return Authentification.objects.filter(
        utilisateur_id=utilisateur_id, type_auth__libelle=ReservationAuthChoice.RFID, is_active=True
    ).exists()


def _confirm_pending_rfid_reservations(*, utilisateur_id: int, badge: Authentification) -> int:
    pending = Reservation.objects.filter(
        utilisateur_id=utilisateur_id, auth_choice=ReservationAuthChoice.RFID, statut=ReservationStatus.PENDING
    ).values_list("pk", flat=True)
    confirmed = 0
    for pk in list(pending):
        transition(
            Reservation, pk=pk, field="statut", target=ReservationStatus.CONFIRMED,
            transitions=RESERVATION_TRANSITIONS, sources=[ReservationStatus.PENDING], authentification=badge,
        )
        confirmed += 1
    return confirmed


def _refuse_uid_in_use(*, utilisateur_id: int, value_hash: str) -> None:
    holder = (
        Authentification.objects.filter(
            type_auth__libelle=ReservationAuthChoice.RFID, hash_valeur=value_hash, is_active=True
        )
        .values_list("utilisateur_id", flat=True)
        .first()
    )
    if holder is None:
        return
    if holder == utilisateur_id:
        raise _conflict("badge_already_linked", _("Ce badge est deja lie a ce compte."))
    raise _conflict("badge_in_use", _("Ce badge est deja utilise par un autre compte."))


def _activate_badge(*, auth: Authentification, uid: str, extra: dict[str, Any]) -> Authentification:
    normalized = normalize_rfid_uid(uid)
    if len(normalized) < 4:
        raise InvalidInput(_("Identifiant de badge invalide."), code="invalid_uid")
    value_hash = rfid_hash(normalized)
    _refuse_uid_in_use(utilisateur_id=auth.utilisateur_id, value_hash=value_hash)
    metadata = {"status": BADGE_ACTIVE, "linked_at": timezone.now().isoformat(), **extra}
    try:
        with transaction.atomic():
            Authentification.objects.filter(pk=auth.pk).update(
                hash_valeur=value_hash, display_value=mask(normalized), metadata=metadata, is_active=True,
                expiration=None,
            )
    except IntegrityError as exc:  # another request linked that UID meanwhile
        raise _conflict("badge_in_use", _("Ce badge est deja utilise par un autre compte.")) from exc
    auth.refresh_from_db()
    _confirm_pending_rfid_reservations(utilisateur_id=auth.utilisateur_id, badge=auth)
    return auth


@transaction.atomic
def rfid_link_code_create(*, utilisateur: Utilisateur, ip: str | None = None) -> tuple[Authentification, str, datetime]:
    """Create or refresh the user's pending RFID method; answer it, a one-use link code and its expiry."""
    pending = (
        Authentification.objects.select_for_update()
        .filter(utilisateur=utilisateur, type_auth__libelle=ReservationAuthChoice.RFID, is_active=False,
                hash_valeur="", metadata__status=BADGE_PENDING)
        .first()
    )
    now = timezone.now()
    expires_at = now + timedelta(seconds=settings.RFID_LINK_CODE_TTL_SECONDS)
    if pending is None:
        pending = Authentification.objects.create(
            utilisateur=utilisateur, type_auth=type_auth_for(ReservationAuthChoice.RFID), hash_valeur="",
            display_value="", metadata={"status": BADGE_PENDING}, is_active=False,
        )
    # Refreshing: the previous, unused codes stop working now.
    RfidLinkCode.objects.filter(authentification=pending, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    Authentification.objects.filter(pk=pending.pk).update(expiration=expires_at)
    pending.expiration = expires_at
    for _attempt in range(_ISSUE_ATTEMPTS):
        code = random_digits(LINK_CODE_LENGTH)
        try:
            with transaction.atomic():
                RfidLinkCode.objects.create(
                    authentification=pending, utilisateur=utilisateur,
                    code_hash=keyed_hash(code, purpose="rfid-link"), expires_at=expires_at,
                )
            break
        except IntegrityError:
            continue
    else:
        raise Conflict(_("Impossible de generer un code unique."), code="credential_collision")
    journal_record(action="rfid.link_code_created", utilisateur=utilisateur, ip=ip, details={"id_auth": pending.pk})
    return pending, code, expires_at


@transaction.atomic
def rfid_link_consume(*, borne: Borne, code: str, uid: str) -> Authentification:
    """Consume a link code typed at a kiosk and activate the user's pending badge with the scanned UID."""
    now = timezone.now()
    link = (
        RfidLinkCode.objects.filter(code_hash=keyed_hash(code.strip(), purpose="rfid-link"))
        .select_related("authentification")
        .first()
    )
    if link is None:
        raise _refuse("invalid_link_code", _("Code de liaison invalide."))
    if link.used_at is not None:
        raise _conflict("link_code_used", _("Ce code de liaison a deja ete utilise."))
    if link.expires_at <= now:
        raise _refuse("link_code_expired", _("Ce code de liaison a expire."))
    consumed = RfidLinkCode.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if consumed != 1:
        raise _conflict("link_code_used", _("Ce code de liaison a deja ete utilise."))
    auth = Authentification.objects.select_for_update().get(pk=link.authentification.pk)
    if auth.is_active or auth.metadata.get("status") != BADGE_PENDING:
        raise _conflict("link_code_used", _("Ce code de liaison a deja ete utilise."))
    auth = _activate_badge(auth=auth, uid=uid, extra={"borne": borne.pk})
    journal_record(
        action="rfid.linked", utilisateur=auth.utilisateur,
        details={"id_auth": auth.pk, "borne": borne.pk, "display_value": auth.display_value},
    )
    return auth


@transaction.atomic
def rfid_badge_register(
    *, utilisateur: Utilisateur, uid: str, revoke_others: bool, actor: Utilisateur, ip: str | None = None
) -> Authentification:
    """An admin registers a (replacement) badge for `utilisateur` directly by its UID."""
    Utilisateur.objects.select_for_update().filter(pk=utilisateur.pk).first()
    if not normalize_rfid_uid(uid):
        raise InvalidInput(_("Identifiant de badge invalide."), code="invalid_uid")
    _refuse_uid_in_use(utilisateur_id=utilisateur.pk, value_hash=rfid_hash(uid))
    if revoke_others:
        for other in Authentification.objects.filter(
            utilisateur=utilisateur, type_auth__libelle=ReservationAuthChoice.RFID, is_active=True
        ):
            _badge_deactivate(auth=other, reason="replaced")
    auth = Authentification.objects.create(
        utilisateur=utilisateur, type_auth=type_auth_for(ReservationAuthChoice.RFID), hash_valeur="",
        display_value="", metadata={"status": BADGE_PENDING}, is_active=False,
    )
    auth = _activate_badge(auth=auth, uid=uid, extra={"registered_by": actor.pk})
    journal_record(
        action="rfid.registered_by_admin", utilisateur=actor, ip=ip,
        details={"id_auth": auth.pk, "user": utilisateur.pk, "revoke_others": revoke_others,
                 "display_value": auth.display_value},
    )
    return auth


def _badge_deactivate(*, auth: Authentification, reason: str) -> bool:
    metadata = {**auth.metadata, "status": BADGE_REVOKED, "revoked_at": timezone.now().isoformat(),
                "revoked_reason": reason}
    updated = Authentification.objects.filter(pk=auth.pk, metadata__status__in=[BADGE_ACTIVE, BADGE_PENDING]).update(
        is_active=False, metadata=metadata
    )
    if updated == 1:
        RfidLinkCode.objects.filter(authentification=auth, used_at__isnull=True).update(expires_at=timezone.now())
    return updated == 1


@transaction.atomic
def rfid_badge_revoke(
    *, auth: Authentification, actor: Utilisateur, ip: str | None = None, reason: str = "revoked"
) -> Authentification:
    """Soft-revoke a badge (kept for history). Without any active badge left, future `rfid` bookings wait."""
    if auth.type_auth.libelle != ReservationAuthChoice.RFID:
        raise NotFound()
    if not _badge_deactivate(auth=auth, reason=reason):
        raise _conflict("already_revoked", _("Ce badge est deja revoque."))
    if not user_has_active_badge(auth.utilisateur_id):
        future = Reservation.objects.filter(
            utilisateur_id=auth.utilisateur_id, auth_choice=ReservationAuthChoice.RFID,
            statut=ReservationStatus.CONFIRMED, date_debut__gt=timezone.now(),
        ).values_list("pk", flat=True)
        for pk in list(future):
            transition(Reservation, pk=pk, field="statut", target=ReservationStatus.PENDING,
                       transitions=RESERVATION_TRANSITIONS, sources=[ReservationStatus.CONFIRMED])
    journal_record(
        action="rfid.revoked", utilisateur=actor, ip=ip,
        details={"id_auth": auth.pk, "user": auth.utilisateur_id, "reason": reason},
    )
    auth.refresh_from_db()
    return auth
