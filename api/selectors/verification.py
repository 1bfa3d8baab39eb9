"""(ext) Reads of the account-recovery flows: who a forgotten-password e-mail or link designates."""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from api.crypto import password_reset_tokens
from api.models import UserStatus, Utilisateur


def password_reset_eligible(user: Utilisateur) -> bool:
    """Only an active account with a usable password may reset it (suspended, archived, erased: never)."""
    return bool(user.is_active and user.statut == UserStatus.ACTIVE and user.has_usable_password())


def password_reset_account(*, email: str) -> Utilisateur | None:
    """The account of a (normalized) e-mail address, whatever its status; None when there is none."""
    return Utilisateur.objects.filter(email__iexact=email).first() if email else None


def password_reset_user(*, uidb64: str, token: str) -> Utilisateur | None:
    """The eligible account a reset link designates when its token is still valid, else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = Utilisateur.objects.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if user is None or not password_reset_eligible(user) or not password_reset_tokens.check_token(user, token):
        return None
    return user
