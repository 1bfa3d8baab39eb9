"""Refresh tokens: issue, rotate (race-safe, with reuse detection) and revoke.

The refresh token lives only in an HttpOnly cookie (set and cleared by the HTTP layer,
`api/views/refresh_cookie.py`). Every use rotates it: the presented token is blacklisted and a new one
issued. Presenting a token that was already rotated means it leaked (or a
client raced itself): every outstanding refresh token of that user is revoked.

Rotation locks the token's `OutstandingToken` row (`select_for_update`, PostgreSQL) inside a write
transaction (SQLite's write transactions are serialized by `transaction_mode=IMMEDIATE`), so among
concurrent uses of one token exactly one sees it not blacklisted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework_simplejwt.exceptions import TokenBackendError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from api.errors import ApplicationError
from api.models import UserStatus, Utilisateur
from api.services.journal import journal_record


class InvalidRefreshToken(ApplicationError):
    """401: missing, invalid, expired or revoked refresh token."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_message = _("Session expired or invalid. Sign in again.")
    default_code = "token_not_valid"


# The backend simplejwt's own tokens use (signing key, algorithm, leeway from SIMPLE_JWT).
TOKEN_BACKEND = token_backend


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def tokens_issue(*, user: Utilisateur) -> TokenPair:
    """A new refresh token (recorded as outstanding) and its access token."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _decode(raw: str | None) -> dict[str, Any]:
    if not raw:
        raise InvalidRefreshToken()
    try:
        payload: dict[str, Any] = TOKEN_BACKEND.decode(raw, verify=True)  # type: ignore[arg-type]  # stub says Token
    except TokenBackendError as exc:
        raise InvalidRefreshToken() from exc
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != RefreshToken.token_type or not payload.get(
        jwt_settings.JTI_CLAIM
    ):
        raise InvalidRefreshToken()
    return payload


def tokens_revoke_all(*, user: Utilisateur) -> int:
    """End every session of `user`: blacklist all its outstanding refresh tokens; returns how many were live.

    Revoked tokens also lose their stored text (`token=""`), which marks them "ended", not "rotated": presenting
    one later is a plain 401, while presenting a token that was only rotated away is a reuse.
    """
    with transaction.atomic():
        pending = list(
            OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).values_list("pk", flat=True)
        )
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token_id=pk) for pk in pending], ignore_conflicts=True
        )
        OutstandingToken.objects.filter(user=user).exclude(token="").update(token="")
    return len(pending)


def tokens_rotate(*, raw: str | None, ip: str | None = None) -> TokenPair:
    """Exchange a valid refresh token for a new pair; a reused (rotated) token revokes the user's tokens."""
    payload = _decode(raw)
    reused_by: Utilisateur | None = None
    with transaction.atomic():
        outstanding = (
            OutstandingToken.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(jti=payload[jwt_settings.JTI_CLAIM])
            .first()
        )
        if outstanding is None or outstanding.user is None:
            raise InvalidRefreshToken()
        user = outstanding.user
        if BlacklistedToken.objects.filter(token=outstanding).exists():
            if not outstanding.token:  # ended by logout, password change or an administrator: not a reuse
                raise InvalidRefreshToken()
            reused_by = user
        elif not user.is_active or user.statut != UserStatus.ACTIVE:
            raise InvalidRefreshToken(_("Inactive account."), code="user_inactive")
        else:
            BlacklistedToken.objects.create(token=outstanding)
            return tokens_issue(user=user)
    # Outside the first transaction: the revocation must be committed even though we answer 401.
    revoked = tokens_revoke_all(user=reused_by)
    journal_record(
        action="auth.refresh_reuse", utilisateur=reused_by, ip=ip, success=False, details={"revoked": revoked}
    )
    raise InvalidRefreshToken(_("Session token already used: every session has been closed."),
                              code="token_reused")


def token_revoke(*, raw: str | None, user: Utilisateur, ip: str | None = None) -> bool:
    """Logout: blacklist the given refresh token if it is valid and belongs to `user`, and journal it."""
    created = False
    try:
        payload = _decode(raw)
    except InvalidRefreshToken:
        payload = {}
    outstanding = OutstandingToken.objects.filter(jti=payload.get(jwt_settings.JTI_CLAIM, ""), user=user).first()
    if outstanding is not None:
        with transaction.atomic():
            _blacklisted, created = BlacklistedToken.objects.get_or_create(token=outstanding)
            OutstandingToken.objects.filter(pk=outstanding.pk).update(token="")
    journal_record(action="auth.logout", utilisateur=user, ip=ip, details={"revoked": created})
    return created
