"""The preferred language on the profile: read, written by its owner only, used by the next message."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.models import Utilisateur
from tests import factories
from tests.accounts.test_register import URL, payload
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.notifications.conftest import driver, messages

pytestmark = pytest.mark.django_db


def test_the_profile_reads_and_writes_the_preferred_language():
    user = driver()
    client = client_for(user)
    assert client.get("/api/account/profile/").json()["preferred_language"] == "fr"
    assert client.get("/api/auth/me/").json()["preferred_language"] == "fr"
    response = client.patch("/api/account/profile/", {"preferred_language": "en"}, format="json")
    assert response.status_code == 200 and response.json()["preferred_language"] == "en"
    assert Utilisateur.objects.get(pk=user.pk).preferred_language == "en"
    start, _ = slot()
    client.post("/api/reservations/", book_body(factories.EmplacementFactory(), start), format="json")
    assert messages("booking_confirmed")[0].language == "en"


def test_an_unknown_language_is_refused_with_a_reason():
    user = driver(language="en")
    response = client_for(user).patch("/api/account/profile/", {"preferred_language": "de"}, format="json")
    assert response.status_code == 400
    assert "preferred_language" in str(response.json())
    assert Utilisateur.objects.get(pk=user.pk).preferred_language == "en"


def test_only_a_signed_in_user_sets_a_language():
    user = driver()
    response = APIClient().patch("/api/account/profile/", {"preferred_language": "en"}, format="json")
    assert response.status_code == 401
    assert Utilisateur.objects.get(pk=user.pk).preferred_language == "fr"


@pytest.mark.parametrize(("accept_language", "expected"), [("en-GB,en;q=0.9", "en"), ("fr-FR", "fr"), ("de", "fr")])
def test_a_new_account_keeps_the_language_the_app_was_in(accept_language, expected):
    response = APIClient().post(URL, payload(), format="json", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 201, response.content
    assert response.json()["user"]["preferred_language"] == expected
    assert Utilisateur.objects.get().preferred_language == expected
