"""(ext) Phone verification: a 6-digit code by SMS; `telephone_verifie` becomes true only here.

A send creates a `PhoneVerification` (only the code's keyed hash, bound to the user) and queues the SMS
in the outbox, at most one every `PHONE_VERIFICATION_RESEND_SECONDS` and `PHONE_VERIFICATION_MAX_PER_HOUR`
an hour per user (429 with `Retry-After`). Only the latest code counts, for the number it was sent to,
until `PHONE_VERIFICATION_CODE_TTL_SECONDS`; `PHONE_VERIFICATION_MAX_ATTEMPTS` wrong tries kill it.
Changing the phone number in the profile sets `telephone_verifie` back to false (`user_update`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from api.crypto import keyed_hash, mask, random_digits
from api.errors import Conflict, InvalidInput, TooManyAttempts
from api.models import OutboxChannel, PhoneVerification, ProfilUtilisateur, Utilisateur
from api.services.journal import journal_record
from api.services.outbox import outbox_enqueue

CODE_LENGTH = 6
HASH_PURPOSE = "phone-verification"


@dataclass(frozen=True)
class PhoneCodeSent:
    expires_at: datetime
    resend_after_seconds: int


def phone_code_hash(*, user_id: int, code: str) -> str:
    """Keyed hash of a code bound to its user: a code never verifies another account's phone."""
    return keyed_hash(f"{user_id}:{code}", purpose=HASH_PURPOSE)


def _profile(user: Utilisateur) -> ProfilUtilisateur:
    profil, _created = ProfilUtilisateur.objects.get_or_create(utilisateur=user)
    return profil


def _check_send_limits(user: Utilisateur, now: datetime) -> None:
    recent = PhoneVerification.objects.filter(utilisateur=user, created_at__gte=now - timedelta(hours=1))
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    gap = settings.PHONE_VERIFICATION_RESEND_SECONDS
    if last is not None and (now - last).total_seconds() < gap:
        raise TooManyAttempts(_("A code was just sent: wait before asking for another one."),
                              retry_after=gap - int((now - last).total_seconds()), code="code_resend_too_soon")
    if recent.count() >= settings.PHONE_VERIFICATION_MAX_PER_HOUR:
        oldest = recent.order_by("created_at").values_list("created_at", flat=True).first() or now
        raise TooManyAttempts(_("Too many codes sent. Try again later."),
                              retry_after=int((oldest + timedelta(hours=1) - now).total_seconds()),
                              code="too_many_codes")


@transaction.atomic
def phone_verification_send(*, user: Utilisateur, ip: str | None = None) -> PhoneCodeSent:
    """Send a new code by SMS to the profile's phone number (400 without one, 409 if already verified)."""
    Utilisateur.objects.select_for_update().filter(pk=user.pk).first()  # serialize the rate limits
    profil = _profile(user)
    if not profil.telephone:
        raise InvalidInput(_("No phone number in your profile."), code="no_phone")
    if profil.telephone_verifie:
        raise Conflict(_("This phone number is already verified."), code="already_verified")
    now = timezone.now()
    _check_send_limits(user, now)
    code = random_digits(CODE_LENGTH)
    ttl = settings.PHONE_VERIFICATION_CODE_TTL_SECONDS
    row = PhoneVerification.objects.create(
        utilisateur=user, telephone=profil.telephone, code_hash=phone_code_hash(user_id=user.pk, code=code),
        expires_at=now + timedelta(seconds=ttl), created_at=now,
    )
    body = gettext("Your verification code: %(code)s. It expires in %(minutes)s minutes.") % {
        "code": code, "minutes": max(1, ttl // 60),
    }
    outbox_enqueue(channel=OutboxChannel.SMS, recipient=profil.telephone, body=body,
                   dedupe_key=f"phone-verification:{row.pk}")
    journal_record(action="account.phone_verification_sent", utilisateur=user, ip=ip,
                   details={"phone": mask(profil.telephone)})
    return PhoneCodeSent(expires_at=row.expires_at, resend_after_seconds=settings.PHONE_VERIFICATION_RESEND_SECONDS)


_REFUSALS = {
    "no_pending_code": _("No code pending for this number: ask for a new one."),
    "code_expired": _("This code has expired: ask for a new one."),
    "code_exhausted": _("Too many tries for this code: ask for a new one."),
    "code_invalid": _("Incorrect verification code."),
}


def _attempt(user: Utilisateur, code: str, now: datetime) -> str | None:
    """Try `code` against the user's latest code, on its locked row; the reason of a refusal, or None."""
    profil = _profile(user)
    if profil.telephone_verifie:
        raise Conflict(_("This phone number is already verified."), code="already_verified")
    row = PhoneVerification.objects.select_for_update().filter(utilisateur=user).order_by("-created_at", "-id").first()
    if row is None or row.used_at is not None or row.telephone != profil.telephone:
        return "no_pending_code"
    if row.expires_at <= now:
        return "code_expired"
    if row.attempts >= settings.PHONE_VERIFICATION_MAX_ATTEMPTS:
        return "code_exhausted"
    if not hmac.compare_digest(phone_code_hash(user_id=user.pk, code=code), row.code_hash):
        PhoneVerification.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        return "code_invalid"
    if PhoneVerification.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) != 1:
        return "no_pending_code"
    ProfilUtilisateur.objects.filter(pk=profil.pk, telephone=row.telephone).update(telephone_verifie=True)
    return None


def phone_verification_confirm(*, user: Utilisateur, code: str, ip: str | None = None) -> Utilisateur:
    """Mark the profile's phone verified when `code` is the live code sent to it; a wrong try is counted.

    The counted try is committed before the refusal is raised (outside the transaction), so wrong codes
    always count, even concurrent ones (the code's row is locked).
    """
    with transaction.atomic():
        refusal = _attempt(user, code, timezone.now())
    phone = mask(_profile(user).telephone)
    if refusal is not None:
        journal_record(action="account.phone_verification_failed", utilisateur=user, ip=ip, success=False,
                       details={"reason": refusal, "phone": phone})
        raise InvalidInput(_REFUSALS[refusal], code=refusal)
    journal_record(action="account.phone_verified", utilisateur=user, ip=ip, details={"phone": phone})
    user.refresh_from_db()
    profil = getattr(user, "profil", None)
    if profil is not None:
        profil.refresh_from_db()
    return user
