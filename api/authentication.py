"""Authentication classes: user JWTs that die with the account's activity, and kiosk keys."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from api.crypto import sha256_hex
from api.i18n import activate_account_language
from api.models import Borne, TerminalKey, UserStatus
from api.selectors.account_checks import AccountRow, account_row
from api.selectors.kiosk_failures import FailureCount
from api.selectors.kiosk_keys import terminal_key_row


def account_refusal(token: Any, account: AccountRow | None) -> AuthenticationFailed | None:
    """Why the account behind a valid access `token` may not act (None: it may): gone, inactive, suspended or
    archived, or its password changed since the token was issued (the token's digest of the password hash).

    The one place of these checks, whether the account is read by the authentication
    (`ActiveUserJWTAuthentication`) or by the view's own first statement (`UncheckedAccount.verify`).
    """
    if account is None:
        return AuthenticationFailed(str(_("User not found.")), code="user_not_found")
    if not account.is_active or account.statut != UserStatus.ACTIVE:
        return AuthenticationFailed(str(_("Inactive account.")), code="user_inactive")
    if token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(account.password):
        return AuthenticationFailed(str(_("Your password has been changed: sign in again.")),
                                    code="password_changed")
    return None


def token_user_id(token: Any) -> int:
    """The account id a valid access token names (401 when it names none)."""
    try:
        return int(token[jwt_settings.USER_ID_CLAIM])
    except (KeyError, TypeError, ValueError):
        raise InvalidToken(str(_("The token names no account."))) from None


class ActiveUserJWTAuthentication(JWTAuthentication):
    """simplejwt's Bearer authentication that also refuses suspended, archived or inactive accounts.

    Access tokens are short-lived and stateless; this check ends them as soon as the account stops being
    active, so suspension or archival takes effect on the next request.

    `account_read_by_view`: the HTTP methods of a view that reads the account's row in its own first
    statement (the booking, `booking_authentication`): for those, `request.user` is an `UncheckedAccount`
    and the view must call its `verify` (or `settle`) before it acts or answers.
    """

    def __init__(self, *, account_read_by_view: Collection[str] = ()) -> None:
        super().__init__()
        self.account_read_by_view = frozenset(account_read_by_view)

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        """The bearer's account; its preferred language then applies when the client asked for none."""
        if request.method in self.account_read_by_view:
            header = self.get_header(request)
            raw_token = None if header is None else self.get_raw_token(header)
            if raw_token is None:
                return None
            token = self.get_validated_token(raw_token)
            return UncheckedAccount(token=token, request=request._request), token
        result = super().authenticate(request)
        if result is not None:
            activate_account_language(request._request, result[0])
        return result

    def get_user(self, validated_token: Any) -> Any:
        user = self.user_model.objects.filter(pk=token_user_id(validated_token)).first()
        refusal = account_refusal(validated_token, None if user is None else AccountRow(
            user.is_active, user.statut, user.password, user.preferred_language))
        if refusal is not None:
            raise refusal
        return user


@dataclass
class UncheckedAccount:
    """`request.user` of a request whose view checks the account in its own first statement: the access token
    is valid (signature, expiry, type), the account behind it not yet read.

    The view hands it to the service whose first read returns the account's row (`booking_state`), which calls
    `verify`; a path that answers before that read (invalid input) calls `settle`, which reads the row. Either
    refuses the request as the authentication would have (401) and activates the account's language.
    """

    token: Any
    request: HttpRequest
    verified: bool = False
    is_authenticated: bool = True  # for `IsAuthenticated`: the token is; the account is checked by `verify`
    is_anonymous: bool = False
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def pk(self) -> int:
        return token_user_id(self.token)

    def verify(self, account: AccountRow | None) -> None:
        """The account's checks (`account_refusal`) on its row read by the view's statement, then its language."""
        refusal = account_refusal(self.token, account)
        if refusal is not None:
            raise refusal
        assert account is not None
        self.verified = True
        activate_account_language(self.request, account)

    def settle(self) -> None:
        """`verify` with the account's row read here: for answers given before the view's own read."""
        if not self.verified:
            self.verify(account_row(user_id=self.pk))


def booking_authentication() -> ActiveUserJWTAuthentication:
    """The bearer authentication of the booking view: a POST's account is checked by the booking's first read
    (`booking_state`, with the bay and the slot), one round trip less on the busiest write of the API
    (benchmark 2, docs/benchmarks.md); the view's other methods authenticate as every other view does.

    A factory in `authentication_classes` (DRF calls each entry), so that the OpenAPI schema keeps the one
    `jwtAuth` scheme of `ActiveUserJWTAuthentication`.
    """
    return ActiveUserJWTAuthentication(account_read_by_view=("POST",))


# --- kiosk keys (network) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskPrincipal:
    """The `request.user` of a kiosk request: the cabinet its key belongs to, never a person."""

    borne: Borne
    failures: FailureCount | None = None  # the failure limit's count, read with the key (`read_failures`)
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_staff: bool = False
    is_superuser: bool = False
    is_active: bool = True

    @property
    def pk(self) -> str:
        """A stable identity for throttles and caches, distinct from any user id."""
        return f"borne:{self.borne.pk}"

    def __str__(self) -> str:
        return f"kiosk {self.borne.pk}"


TERMINAL_KEY_KEYWORD = "Terminal"
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TerminalKeyAuthentication(BaseAuthentication):
    """`Authorization: Terminal <key>`: the kiosk of one cabinet, by the SHA-256 of its 256-bit key.

    A revoked key, a rotated (replaced) key or the key of an `inactive` cabinet is refused (401). A
    cabinet in `maintenance` still authenticates, so its kiosk can say so; kiosk views check the bays.
    With `read_failures` (`kiosk_opening_authentication`, the views that open a session) the same statement
    also reads the cabinet's failure count (`KioskPrincipal.failures`) for `kiosk_open`'s failure limit: one
    round trip less there, and no cost for the other kiosk views.
    """

    keyword = TERMINAL_KEY_KEYWORD

    def __init__(self, *, read_failures: bool = False) -> None:
        self.read_failures = read_failures

    def authenticate(self, request: Request) -> tuple[KioskPrincipal, TerminalKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(str(_("Invalid Terminal header.")), code="bad_terminal_header")
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise AuthenticationFailed(str(_("Invalid kiosk key.")), code="bad_terminal_key") from None
        now = timezone.now()
        found = terminal_key_row(key_hash=sha256_hex(key), now=now, read_failures=self.read_failures)
        if found is None:
            raise AuthenticationFailed(str(_("Invalid or revoked kiosk key.")), code="bad_terminal_key")
        row, limit_reached_at = found
        failures = FailureCount(at=now, limit_reached_at=limit_reached_at) if self.read_failures else None
        if row.last_used_at is None or row.last_used_at < now - LAST_USED_RESOLUTION:
            TerminalKey.objects.filter(pk=row.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
            ).update(last_used_at=now)
        return KioskPrincipal(borne=row.borne, failures=failures), row

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def kiosk_opening_authentication() -> TerminalKeyAuthentication:
    """The kiosk key authentication of the views that open a session (it reads the failure count too).

    A factory in `authentication_classes` (DRF calls each entry), not a subclass: the OpenAPI schema keeps one
    `terminalKey` scheme, which drf-spectacular ties to the instance's class.
    """
    return TerminalKeyAuthentication(read_failures=True)


class ActiveUserJWTScheme(SimpleJWTScheme):
    """The `jwtAuth` (Bearer) security scheme of the OpenAPI schema."""

    target_class = "api.authentication.ActiveUserJWTAuthentication"
    name = "jwtAuth"


class TerminalKeyScheme(OpenApiAuthenticationExtension):
    """The `terminalKey` security scheme of the OpenAPI schema."""

    target_class = "api.authentication.TerminalKeyAuthentication"
    name = "terminalKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Terminal <key>`: the cabinet's kiosk key, issued by an administrator.",
        }
