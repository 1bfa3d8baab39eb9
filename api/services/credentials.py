"""Access credentials: the temporary QR/code credential of a reservation, and resolving any credential at a kiosk.

Secrets are never stored. A QR token or access code is *derived* from the credential's id, a random
nonce kept in its metadata and the server pepper (see docs/credentials.md), so the owner can fetch the
same code again, a new nonce invalidates the previous one at once, and only keyed hashes are stored.
`credential_resolve` finds the reservation a presented credential (badge UID, QR token, code) opens at a
kiosk. Linking, registering and revoking badges: `api.services.badges`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import keyed_hash, normalize_rfid_uid, offline_badge_digest, random_token
from api.errors import Conflict, Forbidden
from api.models import (
    Authentification,
    Borne,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    TypeAuth,
)
from api.selectors.credentials import live_credential_reservation

CODE_LENGTH = 8
QR_TOKEN_HEX = 32  # 128 bits
CODE_DISPLAY = "•" * CODE_LENGTH
QR_DISPLAY = "QR"
ISSUE_ATTEMPTS = 5


def type_auth_for(libelle: str) -> TypeAuth:
    """The `TypeAuth` row of a mode (made by migration 0003; recreated if a flush removed it)."""
    return TypeAuth.objects.get_or_create(libelle=libelle)[0]


def rfid_hash(uid: str) -> str:
    """Keyed hash (server pepper) of a normalized badge UID: how a badge is found online. A UID is never
    stored in clear; its only other stored form is `offline_badge_fields`' digest."""
    return keyed_hash(normalize_rfid_uid(uid), purpose=ReservationAuthChoice.RFID)


def offline_badge_fields(uid: str) -> dict[str, str]:
    """A badge's digest under the current offline badge key (`OFFLINE_BADGE_KEY_ID`), for kiosks offline."""
    key_id = settings.OFFLINE_BADGE_KEY_ID
    return {"offline_key_id": key_id, "offline_digest": offline_badge_digest(uid, key_id=key_id)}


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


class CredentialCollision(Exception):
    """A new QR/code value met a live one (`temporary_credential_bind`): the caller's transaction is spoilt;
    it rolls back and tries again whole."""


def _apply_new_nonce(auth: Authentification, *, savepoint: bool = True) -> bool:
    """Give `auth` a fresh nonce and the matching hash; False when that value collides with a live one.

    Without `savepoint`, a collision raises `CredentialCollision` instead (the transaction is then aborted).
    """
    metadata = {**auth.metadata, "nonce": random_token(16)}
    metadata.pop("used_at", None)
    metadata.pop("revoked_at", None)
    auth.metadata = metadata
    value_hash = credential_value_hash(metadata["mode"], credential_secret(auth))
    update = Authentification.objects.filter(pk=auth.pk)
    try:
        if savepoint:
            with transaction.atomic():
                update.update(metadata=metadata, hash_valeur=value_hash, is_active=True)
        else:
            update.update(metadata=metadata, hash_valeur=value_hash, is_active=True)
    except IntegrityError as exc:  # the only constraint this UPDATE can meet: one live row per value
        if not savepoint:
            raise CredentialCollision from exc
        return False
    auth.hash_valeur = value_hash
    auth.is_active = True
    return True


def _renew_nonce(auth: Authentification) -> None:
    for _attempt in range(ISSUE_ATTEMPTS):
        if _apply_new_nonce(auth):
            return
    raise Conflict(_("Could not generate a unique access credential."), code="credential_collision")


def temporary_credential_new(
    *, utilisateur_id: int, mode: str, borne_id: int, expiration: datetime
) -> Authentification:
    """The row of a new QR/code credential for a cabinet and a window, without its value yet: inserted before
    its reservation (which then names it), given its reservation and value by `temporary_credential_bind`."""
    return Authentification.objects.create(
        utilisateur_id=utilisateur_id,
        type_auth=type_auth_for(mode),
        hash_valeur="",
        display_value=CODE_DISPLAY if mode == ReservationAuthChoice.CODE else QR_DISPLAY,
        metadata={"mode": mode, "reservation": None, "borne": borne_id},
        expiration=expiration,
        is_active=True,
    )


def temporary_credential_bind(auth: Authentification, *, reservation: Reservation) -> Authentification:
    """Name `reservation` in the new credential `auth` and give it its first value, in one UPDATE with no
    savepoint: a value meeting a live one raises `CredentialCollision` (the caller's transaction is spoilt:
    the booking rolls back and tries again whole)."""
    auth.metadata = {**auth.metadata, "reservation": reservation.pk}
    _apply_new_nonce(auth, savepoint=False)
    reservation.authentification = auth
    return auth


@transaction.atomic(savepoint=False)
def temporary_credential_issue(*, reservation: Reservation) -> Authentification:
    """Create the QR or code credential of an existing `qr`/`code` reservation, bound to its cabinet and window
    (a value meeting a live one gets a new nonce, a savepoint each). A booking uses `temporary_credential_new`
    and `temporary_credential_bind` instead (one statement fewer)."""
    mode = reservation.auth_choice
    auth = temporary_credential_new(utilisateur_id=reservation.utilisateur_id, mode=mode,
                                    borne_id=reservation.emplacement.borne_id, expiration=reservation.date_fin)
    auth.metadata = {**auth.metadata, "reservation": reservation.pk}
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


def in_access_window(reservation: Reservation, now: datetime) -> bool:
    early = timedelta(minutes=settings.KIOSK_EARLY_ACCESS_MINUTES)
    return reservation.date_debut - early <= now < reservation.date_fin


def access_refused(reason: str, message: Any) -> Forbidden:
    return Forbidden(message, code=reason, extra={"reason": reason})


def access_conflict(reason: str, message: Any) -> Conflict:
    return Conflict(message, code=reason, extra={"reason": reason})


def _resolve_rfid(*, borne: Borne, value: str, now: datetime) -> Reservation:
    if not normalize_rfid_uid(value):
        raise access_refused("invalid_credential", _("Badge not recognized."))
    badge = (
        Authentification.objects.filter(
            type_auth__libelle=ReservationAuthChoice.RFID, hash_valeur=rfid_hash(value), is_active=True
        )
        .only("id_auth", "utilisateur_id", "offline_key_id")
        .first()
    )
    if badge is None:
        raise access_refused("invalid_credential", _("Badge not recognized or revoked."))
    if badge.offline_key_id != settings.OFFLINE_BADGE_KEY_ID:
        # Linked before the offline badge key was rotated: the UID is in hand now, so digest it anew.
        Authentification.objects.filter(pk=badge.pk, is_active=True).update(**offline_badge_fields(value))
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
        if in_access_window(reservation, now):
            return reservation
    if candidates:
        raise access_conflict("outside_window", _("Your booking is not within its access window."))
    raise access_refused("no_reservation", _("No booking for this badge at this kiosk."))


def _credential_reservation(*, method: str, value_hash: str) -> Reservation:
    """The slow path of a credential that has no live reservation: which refusal it is (two reads)."""
    auth = (
        Authentification.objects.filter(type_auth__libelle=method, hash_valeur=value_hash)
        .order_by("-is_active", "-id_auth")
        .first()
    )
    if auth is None:
        raise access_refused("invalid_credential", _("Unknown access credential."))
    if not auth.is_active:
        if auth.metadata.get("used_at"):
            raise access_conflict("credential_used", _("This access credential has already been used."))
        raise access_refused("revoked_credential", _("This access credential has been revoked."))
    reservation = (
        Reservation.objects.filter(authentification=auth, auth_choice=method)
        .select_related("emplacement", "utilisateur")
        .first()
    )
    if reservation is None:
        raise access_refused("invalid_credential", _("Unknown access credential."))
    reservation.authentification = auth  # the same row: credential_mark_used needs no second read
    return reservation


def _resolve_temporary(*, borne: Borne, method: str, value: str, now: datetime) -> Reservation:
    value = value.strip()
    if not value:
        raise access_refused("invalid_credential", _("Invalid access credential."))
    value_hash = credential_value_hash(method, value)
    # At most one credential of a mode is active with a given hash (`authentification_active_value_unique`):
    # when it has a reservation of this mode, the one-statement read finds the same row as the slow path.
    reservation = live_credential_reservation(method=method, value_hash=value_hash)
    if reservation is None:
        reservation = _credential_reservation(method=method, value_hash=value_hash)
    auth = reservation.authentification  # loaded by either path
    if auth is None:
        raise access_refused("invalid_credential", _("Unknown access credential."))
    if reservation.emplacement.borne_id != borne.pk or auth.metadata.get("borne") != borne.pk:
        raise access_refused("wrong_cabinet", _("This access credential is not valid at this kiosk."))
    reservation.emplacement.borne = borne  # the same row (checked above), for the command's topic
    if reservation.statut != ReservationStatus.CONFIRMED:
        raise access_conflict("reservation_not_confirmed", _("This booking cannot be used."))
    if not in_access_window(reservation, now):
        raise access_conflict("outside_window", _("Your booking is not within its access window."))
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
    raise access_refused("invalid_method", _("Unknown authentication method."))


def credential_mark_used(*, reservation: Reservation) -> None:
    """Consume a QR/code credential once (conditional update: one winner). No-op for RFID badges."""
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        return
    auth_id = reservation.authentification_id
    if Reservation.authentification.is_cached(reservation):
        auth = reservation.authentification  # as resolved: if it changed since, the update below finds nothing
    else:
        auth = Authentification.objects.filter(pk=auth_id).first() if auth_id is not None else None
    if auth is None:
        raise access_refused("invalid_credential", _("Unknown access credential."))
    metadata = {**auth.metadata, "used_at": timezone.now().isoformat()}
    updated = Authentification.objects.filter(pk=auth.pk, is_active=True, hash_valeur=auth.hash_valeur).update(
        is_active=False, metadata=metadata
    )
    if updated != 1:
        raise access_conflict("credential_used", _("This access credential has already been used."))


