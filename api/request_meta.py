"""What views read from the request besides its body."""

from __future__ import annotations

from ipaddress import ip_address
from typing import cast

from django.conf import settings
from rest_framework.request import Request

from api.models import Utilisateur


def client_ip(request: Request) -> str | None:
    """The client's IP: `REMOTE_ADDR`, or the right `X-Forwarded-For` hop behind `NUM_PROXIES` proxies."""
    num_proxies = int(settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if num_proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            candidate = forwarded[-min(num_proxies, len(forwarded))]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return None


def request_user(request: Request) -> Utilisateur:
    """The authenticated user, for views whose permissions already require one."""
    return cast(Utilisateur, request.user)
