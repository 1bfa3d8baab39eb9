"""Helpers of the accounts tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tests.factories import DEFAULT_PASSWORD

STRONG_PASSWORD = "Velo-Electrique-Borne-2024!"


@pytest.fixture(autouse=True)
def _no_ip_throttling(settings):  # type: ignore[no-untyped-def]
    """Per-IP throttles off except in the tests that exercise them (they turn it back on)."""
    settings.THROTTLING = False


def login(client: Any, pseudo: str, password: str = DEFAULT_PASSWORD) -> Any:
    return client.post("/api/auth/login/", {"pseudo": pseudo, "password": password}, format="json")


def refresh_cookie(response: Any) -> str:
    return response.cookies[settings.REFRESH_COOKIE_NAME].value


def refresh_with(client: Any, token: str) -> Any:
    client.cookies[settings.REFRESH_COOKIE_NAME] = token
    return client.post("/api/auth/refresh/")
