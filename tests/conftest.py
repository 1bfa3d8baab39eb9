"""Shared fixtures: API clients and actors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from conftest import services_required
from tests import factories


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language: a request in English (LocaleMiddleware, or the account's
    language) leaves its language active in the thread, and code called outside a request must not see it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    """An API client authenticated as `user` with a real access JWT."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    return factories.UtilisateurFactory()


@pytest.fixture
def other_user(db):  # type: ignore[no-untyped-def]
    return factories.UtilisateurFactory()


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    return factories.UtilisateurFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def user_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(user)


@pytest.fixture
def other_client(other_user) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(other_user)


@pytest.fixture
def admin_client(admin_user) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(admin_user)


@pytest.fixture
def require_postgres(db) -> None:  # type: ignore[no-untyped-def]
    """Skip outside PostgreSQL, except in the CI pass where PostgreSQL is required (then fail)."""
    if connection.vendor != "postgresql":
        if services_required():
            pytest.fail("PostgreSQL is required in this pass but the suite runs on another database.")
        pytest.skip("needs PostgreSQL (run by .ci/run's PostgreSQL pass)")
