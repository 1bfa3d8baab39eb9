"""RFID badges: link codes typed at a kiosk, admin registration and replacement, revocation.

A UID is stored only as keyed hashes of its normalized form (api.crypto): `hash_valeur` under the server
pepper (online checks), and `offline_digest` under the fleet's offline badge key (the kiosks' offline
check, docs/offline.md); the user sees a masked hint.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import keyed_hash, mask, normalize_rfid_uid, random_digits
from api.errors import Conflict, InvalidInput, NotFound
from api.models import (
    BADGE_ACTIVE,
    BADGE_PENDING,
    BADGE_REVOKED,
    Authentification,
    Borne,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    RfidLinkCode,
    Utilisateur,
)
from api.services.credentials import (
    ISSUE_ATTEMPTS,
    access_conflict,
    access_refused,
    offline_badge_fields,
    rfid_hash,
    type_auth_for,
)
from api.services.journal import journal_record
from api.services.transitions import RESERVATION_TRANSITIONS, transition

LINK_CODE_LENGTH = 8



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
        raise access_conflict("badge_already_linked", _("This badge is already linked to this account."))
    raise access_conflict("badge_in_use", _("This badge is already used by another account."))


def _activate_badge(*, auth: Authentification, uid: str, extra: dict[str, Any]) -> Authentification:
    normalized = normalize_rfid_uid(uid)
    if len(normalized) < 4:
        raise InvalidInput(_("Invalid badge identifier."), code="invalid_uid")
    value_hash = rfid_hash(normalized)
    _refuse_uid_in_use(utilisateur_id=auth.utilisateur_id, value_hash=value_hash)
    metadata = {"status": BADGE_ACTIVE, "linked_at": timezone.now().isoformat(), **extra}
    try:
        with transaction.atomic():
            Authentification.objects.filter(pk=auth.pk).update(
                hash_valeur=value_hash, display_value=mask(normalized), metadata=metadata, is_active=True,
                expiration=None, **offline_badge_fields(normalized),
            )
    except IntegrityError as exc:  # another request linked that UID meanwhile
        raise access_conflict("badge_in_use", _("This badge is already used by another account.")) from exc
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
    for _attempt in range(ISSUE_ATTEMPTS):
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
        raise Conflict(_("Could not generate a unique code."), code="credential_collision")
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
        raise access_refused("invalid_link_code", _("Invalid link code."))
    if link.used_at is not None:
        raise access_conflict("link_code_used", _("This link code has already been used."))
    if link.expires_at <= now:
        raise access_refused("link_code_expired", _("This link code has expired."))
    consumed = RfidLinkCode.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if consumed != 1:
        raise access_conflict("link_code_used", _("This link code has already been used."))
    auth = Authentification.objects.select_for_update().get(pk=link.authentification.pk)
    if auth.is_active or auth.metadata.get("status") != BADGE_PENDING:
        raise access_conflict("link_code_used", _("This link code has already been used."))
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
        raise InvalidInput(_("Invalid badge identifier."), code="invalid_uid")
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
        is_active=False, metadata=metadata, offline_key_id="", offline_digest=""
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
        raise access_conflict("already_revoked", _("This badge is already revoked."))
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
