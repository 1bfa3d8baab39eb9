"""(ext) Forgotten password: a one-use link by e-mail, then a new password that ends every session.

The request answers the same whatever the address (no account enumeration): only an eligible account
gets an e-mail, at most `PASSWORD_RESET_MAX_PER_HOUR` an hour, queued in the outbox. The link carries
the uid and token in its fragment (`#uid=...&token=...`), which browsers never send to a server, so
no access log sees it. The token (`api.crypto.password_reset_tokens`) is not stored: it dies with the
password change it allows, at the next login, or after `PASSWORD_RESET_TIMEOUT`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from api.crypto import password_reset_tokens
from api.errors import InvalidInput
from api.models import OutboxChannel, OutboxMessage, Utilisateur
from api.selectors.verification import password_reset_account, password_reset_eligible
from api.services.accounts import normalize_email
from api.services.journal import journal_record
from api.services.outbox import outbox_enqueue
from api.services.tokens import tokens_revoke_all

REQUESTED = "auth.password_reset_requested"
DEDUPE_PREFIX = "password-reset"


class InvalidResetToken(InvalidInput):
    """400: a reset link that is malformed, already used, expired or for an account that may not reset."""

    default_message = _("Invalid or expired reset link.")
    default_code = "invalid_token"


def password_reset_link(*, user: Utilisateur) -> str:
    """The driver app's reset page, the uid and a fresh token in the URL fragment."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = password_reset_tokens.make_token(user)
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/reset-password#uid={uidb64}&token={token}"


def _email(user: Utilisateur) -> tuple[str, str]:
    minutes = max(1, settings.PASSWORD_RESET_TIMEOUT // 60)
    subject = gettext("Resetting your password")
    body = gettext(
        "Hello %(pseudo)s,\n\nTo choose a new password, open this link (valid for %(minutes)s minutes, "
        "once):\n%(link)s\n\nIf you did not ask for this reset, ignore this message: your password stays "
        "unchanged."
    ) % {"pseudo": user.pseudo, "minutes": minutes, "link": password_reset_link(user=user)}
    return subject, body


def password_reset_request(*, email: str, ip: str | None = None) -> bool:
    """Queue one reset e-mail for the eligible account of `email`; returns whether one was queued.

    The caller answers the same either way. The per-account limit counts this account's reset e-mails of
    the last hour in the outbox, under a lock of the account row, so concurrent requests cannot exceed it.
    """
    user = password_reset_account(email=normalize_email(email))
    if user is None:
        journal_record(action=REQUESTED, ip=ip, success=False, details={"reason": "unknown_email"})
        return False
    if not password_reset_eligible(user):
        journal_record(action=REQUESTED, utilisateur=user, ip=ip, success=False, details={"reason": "ineligible"})
        return False
    prefix = f"{DEDUPE_PREFIX}:{user.pk}:"
    with transaction.atomic():
        Utilisateur.objects.select_for_update().filter(pk=user.pk).first()  # serialize the per-account count
        since = timezone.now() - timedelta(hours=1)
        recent = OutboxMessage.objects.filter(dedupe_key__startswith=prefix, created_at__gte=since).count()
        if recent >= settings.PASSWORD_RESET_MAX_PER_HOUR:
            journal_record(action=REQUESTED, utilisateur=user, ip=ip, success=False,
                           details={"reason": "rate_limited"})
            return False
        subject, body = _email(user)
        outbox_enqueue(channel=OutboxChannel.EMAIL, recipient=user.email, subject=subject, body=body,
                       dedupe_key=f"{prefix}{secrets.token_hex(8)}")
        journal_record(action=REQUESTED, utilisateur=user, ip=ip)
    return True


def user_password_reset_confirm(*, user: Utilisateur, token: str, new_password: str, ip: str | None = None) -> None:
    """Set the new password if `token` is still valid, unlock the login counter, end every session.

    The token is checked again on the locked account row: of two uses of one token (even concurrent),
    the first changes the password hash the token depends on, so the second is refused.
    """
    with transaction.atomic():
        locked = Utilisateur.objects.select_for_update().get(pk=user.pk)
        valid = password_reset_eligible(locked) and password_reset_tokens.check_token(locked, token)
        if valid:
            was_locked = bool(locked.failed_attempts or locked.locked_until)
            locked.set_password(new_password)
            locked.failed_attempts = 0
            locked.locked_until = None
            locked.save(update_fields=["password", "failed_attempts", "locked_until"])
    if not valid:
        journal_record(action="auth.password_reset", utilisateur=locked, ip=ip, success=False,
                       details={"reason": "invalid_token"})
        raise InvalidResetToken()
    revoked = tokens_revoke_all(user=locked)
    journal_record(action="auth.password_reset", utilisateur=locked, ip=ip,
                   details={"sessions_ended": revoked, "unlocked": was_locked})
