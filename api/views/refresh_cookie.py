"""The refresh token's cookie (api.md "Authentication"): set and cleared by the HTTP layer, never by services."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBase
from rest_framework_simplejwt.settings import api_settings as jwt_settings


def set_refresh_cookie(response: HttpResponseBase, refresh: str) -> None:
    """Put the refresh token in its HttpOnly, SameSite=Strict cookie scoped to the auth paths."""
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        refresh,
        max_age=int(jwt_settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        path=settings.REFRESH_COOKIE_PATH,
        secure=settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def clear_refresh_cookie(response: HttpResponseBase) -> None:
    """Expire the refresh cookie with the same attributes it was set with."""
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        "",
        max_age=0,
        expires="Thu, 01 Jan 1970 00:00:00 GMT",
        path=settings.REFRESH_COOKIE_PATH,
        secure=settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )

