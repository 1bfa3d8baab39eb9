"""Fixtures of the network tests: a technician's client and the three wrong actors of admin endpoints."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.models import JournalSecurite
from tests import factories
from tests.conftest import client_for

ADMIN_MESSAGE = "Accès réservé aux administrateurs."


@pytest.fixture
def technicien(db):  # type: ignore[no-untyped-def]
    return factories.TechnicienFactory()


@pytest.fixture
def technician_client(technicien) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(technicien.utilisateur)


@pytest.fixture
def wrong_actors(api_client, user_client, technician_client):  # type: ignore[no-untyped-def]
    """(client, expected status) for anonymous, a driver and a technician on a staff-only endpoint."""
    return [(api_client, 401), (user_client, 403), (technician_client, 403)]


def assert_refused_everyone(wrong_actors, method: str, url: str, payload=None) -> None:  # type: ignore[no-untyped-def]
    journal_before = JournalSecurite.objects.count()
    for client, expected in wrong_actors:
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == expected, (client, response.content)
        if expected == 403:
            assert response.json()["detail"] == ADMIN_MESSAGE
    assert JournalSecurite.objects.count() == journal_before
