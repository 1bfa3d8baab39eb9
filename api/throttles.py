"""Per-IP request throttles of the public endpoints (security.md: "Public endpoints are throttled per IP").

Counters live in the default cache (the database cache table or Redis in production: shared between web
processes). `THROTTLING=false` turns these per-IP throttles off for load tests and local tooling; the
login lockout and the kiosk code-guessing limit do not depend on it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.request_meta import client_ip


class PerIPThrottle(SimpleRateThrottle):
    """A rate from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]`, counted per client IP."""

    scope = "public"

    def get_rate(self) -> str | None:
        # Read at request time (not import time) so the rate follows the settings.
        rate: str | None = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)
        return rate

    def allow_request(self, request: Request, view: Any) -> bool:
        if not settings.THROTTLING:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or self.get_ident(request)}


class PublicThrottle(PerIPThrottle):
    scope = "public"


class LoginThrottle(PerIPThrottle):
    scope = "login"


class AvailabilityThrottle(PerIPThrottle):
    scope = "availability"


class PasswordResetThrottle(PerIPThrottle):
    """(ext) The forgotten-password request and its confirmation (one counter for both)."""

    scope = "password_reset"
