"""Accounts: registration, login with lockout, profile updates, consents, passwords, erasure.

Every security-relevant step is written to the security journal (`journal_record`), never with a
secret or a password in it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from api.crypto import random_token
from api.errors import ApplicationError, Conflict, Forbidden, Locked
from api.models import (
    Authentification,
    Consentement,
    ConsentStatus,
    JournalSecurite,
    PhoneVerification,
    ProfilUtilisateur,
    Reservation,
    ReservationStatus,
    UserStatus,
    Utilisateur,
)
from api.selectors.accounts import CONSENT_FIELDS, current_consents
from api.services.journal import journal_record
from api.services.tokens import tokens_revoke_all
from api.services.transitions import RESERVATION_TRANSITIONS, sources_of


class InvalidCredentials(ApplicationError):
    """401: unknown identifier or wrong password (one message for both)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_message = _("Invalid credentials.")
    default_code = "invalid_credentials"


DUPLICATE_ACCOUNT = _("This username or e-mail address is already in use.")
PROFILE_FIELDS = ("nom", "telephone")


def normalize_pseudo(value: str) -> str:
    """Strip and NFKC-normalize (`ｐｉｌｏｔｅ` and `pilote` are one pseudo); case is kept, uniqueness ignores it."""
    return unicodedata.normalize("NFKC", value or "").strip()


def normalize_email(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def _consent_rows(user: Utilisateur, choices: Mapping[str, bool]) -> list[Consentement]:
    now = timezone.now()
    return [
        Consentement(
            utilisateur=user,
            type=CONSENT_FIELDS[field],
            statut=ConsentStatus.ACCEPTED if accepted else ConsentStatus.REFUSED,
            date_consentement=now,
        )
        for field, accepted in choices.items()
    ]


def user_register(
    *,
    pseudo: str,
    email: str,
    password: str,
    telephone: str = "",
    nom: str = "",
    consents: Mapping[str, bool],
    ip: str | None = None,
) -> Utilisateur:
    """Create the account, its profile and one consent row per consent, in one transaction."""
    try:
        with transaction.atomic():
            user = Utilisateur.objects.create_user(
                pseudo=normalize_pseudo(pseudo), email=normalize_email(email), password=password,
                statut=UserStatus.ACTIVE,
            )
            ProfilUtilisateur.objects.create(utilisateur=user, nom=nom, telephone=telephone)
            Consentement.objects.bulk_create(_consent_rows(user, consents))
    except IntegrityError as exc:  # a concurrent registration took the pseudo or e-mail
        raise Conflict(DUPLICATE_ACCOUNT, code="duplicate_account") from exc
    journal_record(action="account.registered", utilisateur=user, ip=ip)
    return user


def _find_login_user(identifier: str) -> Utilisateur | None:
    ident = normalize_pseudo(identifier)
    lookup = Q(email__iexact=normalize_email(ident)) if "@" in ident else Q(pseudo__iexact=ident)
    return Utilisateur.objects.filter(lookup).first() if ident else None


def _refuse_inactive(user: Utilisateur, ip: str | None) -> None:
    reason = None
    if user.statut == UserStatus.SUSPENDED:
        reason, message = "suspended", _("This account is suspended. Contact support.")
    elif user.statut == UserStatus.ARCHIVED:
        reason, message = "archived", _("This account is archived.")
    elif not user.is_active:
        reason, message = "inactive", _("This account is deactivated.")
    if reason:
        journal_record(action="auth.login", utilisateur=user, ip=ip, success=False, details={"reason": reason})
        raise Forbidden(message, code=f"account_{reason}")


def user_login(*, identifier: str, password: str, ip: str | None = None) -> Utilisateur:
    """Check the credentials of a pseudo (or e-mail) with a time-limited lockout after repeated failures.

    Failures are counted with `F()` so concurrent attempts are all counted; once the counter reaches
    `LOGIN_MAX_FAILED_ATTEMPTS` the account is locked for `LOGIN_LOCKOUT_MINUTES` (423), during which
    the password is not even checked. A success resets the counter.
    """
    user = _find_login_user(identifier)
    if user is None:
        Utilisateur().set_password(password)  # same hashing cost as a real check: no user enumeration by timing
        journal_record(action="auth.login", ip=ip, success=False, details={"reason": "unknown_identifier"})
        raise InvalidCredentials()
    now = timezone.now()
    if user.locked_until and user.locked_until > now:
        journal_record(action="auth.login", utilisateur=user, ip=ip, success=False, details={"reason": "locked"})
        raise Locked(_("Account temporarily locked after too many failures. Try again later."),
                     extra={"locked_until": user.locked_until.isoformat()})
    if not user.check_password(password):
        _login_failed(user=user, ip=ip, now=now)
    _refuse_inactive(user, ip)
    Utilisateur.objects.filter(pk=user.pk).update(failed_attempts=0, locked_until=None, last_login=now)
    user.refresh_from_db()
    journal_record(action="auth.login", utilisateur=user, ip=ip)
    return user


def _login_failed(*, user: Utilisateur, ip: str | None, now: Any) -> None:
    Utilisateur.objects.filter(pk=user.pk).update(failed_attempts=F("failed_attempts") + 1)
    until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    locked = (
        Utilisateur.objects.filter(pk=user.pk, failed_attempts__gte=settings.LOGIN_MAX_FAILED_ATTEMPTS)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=until)
        == 1
    )
    journal_record(
        action="auth.login", utilisateur=user, ip=ip, success=False,
        details={"reason": "bad_password", "locked": locked},
    )
    if locked:
        journal_record(action="auth.locked", utilisateur=user, ip=ip, success=False,
                       details={"minutes": settings.LOGIN_LOCKOUT_MINUTES})
        raise Locked(_("Too many failures: account locked for %(minutes)s minutes.")
                     % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}, extra={"locked_until": until.isoformat()})
    raise InvalidCredentials()


def user_update(
    *, user: Utilisateur, data: Mapping[str, Any], actor: Utilisateur, ip: str | None = None
) -> Utilisateur:
    """Update account fields and the linked profile; a new phone number is no longer verified.

    An actor cannot remove their own staff flag nor deactivate themselves; only a superuser grants or
    removes the superuser flag. Suspending, archiving or deactivating ends the user's sessions.
    """
    data = dict(data)
    profile_data = dict(data.pop("profil", {}) or {})
    if actor.pk == user.pk and (
        data.get("is_staff") is False and user.is_staff
        or data.get("is_active") is False
        or data.get("statut", UserStatus.ACTIVE) != UserStatus.ACTIVE and user.statut == UserStatus.ACTIVE
    ):
        raise Conflict(_("You cannot remove your own rights or deactivate your own account."),
                       code="self_demotion")
    if "is_superuser" in data and data["is_superuser"] != user.is_superuser and not actor.is_superuser:
        raise Forbidden(_("Only a superuser can change this right."))
    for key in ("pseudo", "email"):
        if key in data:
            data[key] = normalize_pseudo(data[key]) if key == "pseudo" else normalize_email(data[key])
    was_enabled = user.is_active and user.statut == UserStatus.ACTIVE
    try:
        with transaction.atomic():
            for key, value in data.items():
                setattr(user, key, value)
            user.save()
            profil, _created = ProfilUtilisateur.objects.get_or_create(utilisateur=user)
            if "telephone" in profile_data and profile_data["telephone"] != profil.telephone:
                profil.telephone_verifie = False
            for key in PROFILE_FIELDS:
                if key in profile_data:
                    setattr(profil, key, profile_data[key])
            profil.save()
    except IntegrityError as exc:
        raise Conflict(DUPLICATE_ACCOUNT, code="duplicate_account") from exc
    if was_enabled and not (user.is_active and user.statut == UserStatus.ACTIVE):
        tokens_revoke_all(user=user)
    own = actor.pk == user.pk
    journal_record(
        action="account.updated" if own else "admin.user_updated", utilisateur=actor, ip=ip,
        details={"fields": sorted([*data, *profile_data]), **({} if own else {"target": user.pk})},
    )
    return user


def user_change_password(*, user: Utilisateur, new_password: str, ip: str | None = None) -> None:
    """Set a new password and end every session of the user (all refresh tokens revoked)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
    tokens_revoke_all(user=user)
    journal_record(action="account.password_changed", utilisateur=user, ip=ip)


def user_reset_password(*, user: Utilisateur, actor: Utilisateur, ip: str | None = None) -> str:
    """Generate a temporary password (returned once, never stored in clear), unlock, end all sessions."""
    temporary = random_token(12)
    with transaction.atomic():
        user.set_password(temporary)
        user.failed_attempts = 0
        user.locked_until = None
        user.save(update_fields=["password", "failed_attempts", "locked_until"])
    tokens_revoke_all(user=user)
    journal_record(action="admin.user_password_reset", utilisateur=actor, ip=ip, details={"target": user.pk})
    return temporary


def user_admin_create(
    *, data: Mapping[str, Any], actor: Utilisateur, ip: str | None = None
) -> tuple[Utilisateur, str]:
    """Create an account from the administration with a generated temporary password (returned once)."""
    data = dict(data)
    profile_data = dict(data.pop("profil", {}) or {})
    if data.get("is_superuser") and not actor.is_superuser:
        raise Forbidden(_("Only a superuser can change this right."))
    temporary = random_token(12)
    pseudo, email = normalize_pseudo(data.pop("pseudo")), normalize_email(data.pop("email"))
    try:
        with transaction.atomic():
            user = Utilisateur.objects.create_user(pseudo=pseudo, email=email, password=temporary, **data)
            ProfilUtilisateur.objects.create(
                utilisateur=user, **{k: v for k, v in profile_data.items() if k in PROFILE_FIELDS}
            )
    except IntegrityError as exc:
        raise Conflict(DUPLICATE_ACCOUNT, code="duplicate_account") from exc
    journal_record(action="admin.user_created", utilisateur=actor, ip=ip, details={"target": user.pk})
    return user, temporary


def user_erase(*, user: Utilisateur, actor: Utilisateur, ip: str | None = None) -> None:
    """Erase an account as GDPR asks, keeping the operational history without personal data.

    The row is kept (reservations and sessions point to it) but anonymized: pseudo and e-mail replaced,
    password unusable, status `archive`, inactive, no staff flags; the profile, consents, badges and phone
    verification codes are erased; open reservations are cancelled; the user's journal rows lose their IP and
    details. All sessions end. The journal gets one entry without personal data.
    """
    if actor.pk == user.pk and user.is_staff:
        raise Conflict(_("An administrator cannot delete their own account."), code="self_delete")
    now = timezone.now()
    with transaction.atomic():
        locked = Utilisateur.objects.select_for_update().get(pk=user.pk)
        if locked.statut == UserStatus.ARCHIVED and not locked.is_active and locked.pseudo.startswith("supprime-"):
            raise Conflict(_("This account has already been deleted."), code="already_deleted")
        Reservation.objects.filter(
            utilisateur=locked, statut__in=sources_of(RESERVATION_TRANSITIONS, ReservationStatus.CANCELLED)
        ).update(statut=ReservationStatus.CANCELLED, cancelled_at=now, cancel_reason="account_deleted")
        Authentification.objects.filter(utilisateur=locked).update(
            is_active=False, hash_valeur="", display_value="", metadata={}, offline_key_id="", offline_digest=""
        )
        Consentement.objects.filter(utilisateur=locked).delete()
        ProfilUtilisateur.objects.filter(utilisateur=locked).update(nom="", telephone="", telephone_verifie=False)
        PhoneVerification.objects.filter(utilisateur=locked).delete()
        JournalSecurite.objects.filter(utilisateur=locked).update(ip=None, details={})
        locked.pseudo = f"supprime-{locked.pk}"
        locked.email = f"supprime-{locked.pk}@invalid.invalid"
        locked.set_unusable_password()
        locked.statut = UserStatus.ARCHIVED
        locked.is_active = locked.is_staff = locked.is_superuser = False
        locked.failed_attempts = 0
        locked.locked_until = None
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
    tokens_revoke_all(user=locked)
    own = actor.pk == user.pk
    journal_record(
        action="account.deleted" if own else "admin.user_deleted",
        utilisateur=None if own else actor,
        ip=None if own else ip,
        details={"target": user.pk},
    )


def consents_update(*, user: Utilisateur, choices: Mapping[str, bool], ip: str | None = None) -> int:
    """Append a consent row for each choice that differs from the current one; returns how many."""
    current = current_consents(user=user)
    changed = {field: value for field, value in choices.items() if current.get(field) is not value}
    if changed:
        Consentement.objects.bulk_create(_consent_rows(user, changed))
        journal_record(action="account.consents_updated", utilisateur=user, ip=ip,
                       details={field: bool(value) for field, value in changed.items()})
    return len(changed)

