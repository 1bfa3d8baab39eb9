"""Authentication classes: user JWTs that die with the account's activity, and kiosk keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed

from api.crypto import sha256_hex
from api.i18n import activate_account_language
from api.models import Borne, BorneStatus, TerminalKey, UserStatus
from api.selectors.kiosk_failures import FailureCount, failure_limit_reached_at


class ActiveUserJWTAuthentication(JWTAuthentication):
    """simplejwt's Bearer authentication that also refuses suspended, archived or inactive accounts.

    Access tokens are short-lived and stateless; this check ends them as soon as the account stops being
    active, so suspension or archival takes effect on the next request.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        """The bearer's account; its preferred language then applies when the client asked for none."""
        result = super().authenticate(request)
        if result is not None:
            activate_account_language(request._request, result[0])
        return result

    def get_user(self, validated_token: Any) -> Any:
        user = super().get_user(validated_token)
        if not user.is_active or getattr(user, "statut", UserStatus.ACTIVE) != UserStatus.ACTIVE:
            raise AuthenticationFailed(str(_("Inactive account.")), code="user_inactive")
        return user


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
        rows = (
            TerminalKey.objects.select_related("borne__station")
            .filter(key_hash=sha256_hex(key), revoked_at__isnull=True)
            .exclude(borne__statut=BorneStatus.INACTIVE)
        )
        if self.read_failures:
            rows = rows.annotate(limit_reached_at=failure_limit_reached_at(borne=OuterRef("borne_id"), now=now))
        row = rows.first()
        if row is None:
            raise AuthenticationFailed(str(_("Invalid or revoked kiosk key.")), code="bad_terminal_key")
        failures = None
        if self.read_failures:
            failures = FailureCount(at=now, limit_reached_at=getattr(row, "limit_reached_at", None))
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
