"""Registration and availability."""

from __future__ import annotations

import pytest
from django.conf import settings

from api.models import Consentement, ConsentStatus, ConsentType, JournalSecurite, ProfilUtilisateur, Utilisateur
from tests import factories

from .conftest import STRONG_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/auth/register/"


def payload(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "pseudo": "  Cyclo_Volt ", "email": " Cyclo.Volt@Example.ORG ", "telephone": "06 12 34 56 78",
        "password": STRONG_PASSWORD, "cgu_accepted": True, "privacy_policy_accepted": True,
    }
    data.update(overrides)
    return data


def test_register_creates_user_profile_consents_and_session(api_client):  # type: ignore[no-untyped-def]
    response = api_client.post(URL, payload(notifications_accepted=True), format="json")
    assert response.status_code == 201, response.data
    user = Utilisateur.objects.get()
    assert user.pseudo == "Cyclo_Volt"
    assert user.email == "cyclo.volt@example.org"
    assert user.check_password(STRONG_PASSWORD)
    assert user.password.startswith("argon2")
    profil = ProfilUtilisateur.objects.get(utilisateur=user)
    assert profil.telephone == "+33612345678"
    assert profil.telephone_verifie is False
    consents = {c.type: c.statut for c in Consentement.objects.filter(utilisateur=user)}
    assert consents == {ConsentType.CGU: ConsentStatus.ACCEPTED, ConsentType.PRIVACY: ConsentStatus.ACCEPTED,
                        ConsentType.NOTIFICATIONS: ConsentStatus.ACCEPTED}
    assert response.data["access"]
    assert response.data["user"]["pseudo"] == "Cyclo_Volt"
    assert response.data["user"]["telephone"] == "+33612345678"
    assert "password" not in response.data["user"]
    cookie = response.cookies[settings.REFRESH_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == settings.REFRESH_COOKIE_PATH == "/api/auth/"
    assert bool(cookie["secure"]) is settings.REFRESH_COOKIE_SECURE
    assert JournalSecurite.objects.filter(action="account.registered", utilisateur=user).exists()


def test_register_notifications_optional_is_recorded_refused(api_client):  # type: ignore[no-untyped-def]
    response = api_client.post(URL, payload(telephone=""), format="json")
    assert response.status_code == 201, response.data
    row = Consentement.objects.get(type=ConsentType.NOTIFICATIONS)
    assert row.statut == ConsentStatus.REFUSED
    assert ProfilUtilisateur.objects.get().telephone == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cgu_accepted": False}, "cgu_accepted"),
        ({"privacy_policy_accepted": False}, "privacy_policy_accepted"),
        ({"cgu_accepted": None}, "cgu_accepted"),
        ({"password": "court"}, "password"),
        ({"password": "123456789012345"}, "password"),
        ({"password": "cyclo_volt_cyclo"}, "password"),
        ({"telephone": "12"}, "telephone"),
        ({"email": "pas-un-email"}, "email"),
        ({"pseudo": "a"}, "pseudo"),
        ({"pseudo": "x@y"}, "pseudo"),
        ({"statut": "suspendu"}, "statut"),
    ],
)
def test_register_invalid_input(api_client, overrides, field):  # type: ignore[no-untyped-def]
    data = payload(**overrides)
    if overrides.get("cgu_accepted", True) is None:
        del data["cgu_accepted"]
    response = api_client.post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert not Utilisateur.objects.exists()
    assert not Consentement.objects.exists()


def test_register_duplicates_regardless_of_case(api_client):  # type: ignore[no-untyped-def]
    factories.UtilisateurFactory(pseudo="Cyclo_Volt", email="cyclo.volt@example.org")
    response = api_client.post(URL, payload(pseudo="cyclo_VOLT", email="CYCLO.volt@example.org"), format="json")
    assert response.status_code == 400
    assert str(response.data["pseudo"][0]) == "Ce pseudo est déjà utilisé."
    assert str(response.data["email"][0]) == "Cette adresse e-mail est déjà utilisée."
    assert Utilisateur.objects.count() == 1


def test_register_nfkc_pseudo_collides(api_client):  # type: ignore[no-untyped-def]
    factories.UtilisateurFactory(pseudo="pilote")
    response = api_client.post(URL, payload(pseudo="ｐｉｌｏｔｅ"), format="json")
    assert response.status_code == 400
    assert "pseudo" in response.data


def test_register_race_integrity_error_is_409(api_client):  # type: ignore[no-untyped-def]
    from api.services.accounts import user_register

    factories.UtilisateurFactory(pseudo="Cyclo_Volt", email="other@example.org")
    from api.errors import Conflict

    with pytest.raises(Conflict):
        user_register(pseudo="cyclo_volt", email="new@example.org", password=STRONG_PASSWORD,
                      consents={"cgu_accepted": True, "privacy_policy_accepted": True})
    assert Utilisateur.objects.count() == 1


def test_register_authenticated_header_is_ignored(api_client):  # type: ignore[no-untyped-def]
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.post(URL, payload(), format="json").status_code == 201


def test_availability(api_client):  # type: ignore[no-untyped-def]
    factories.UtilisateurFactory(pseudo="Pris", email="pris@example.org")
    url = "/api/auth/register/availability/"
    response = api_client.get(url, {"pseudo": "PRIS", "email": "libre@example.org"})
    assert response.status_code == 200
    assert response.data == {"pseudo_available": False, "email_available": True}
    response = api_client.get(url, {"email": "Pris@Example.org"})
    assert response.data == {"pseudo_available": None, "email_available": False}
    assert api_client.get(url, {"pseudo": "libre"}).data["pseudo_available"] is True
    assert api_client.get(url, {"pseudo": "a b"}).data["pseudo_available"] is False
    assert api_client.get(url).status_code == 400


def test_availability_throttled_per_ip(api_client, settings):  # type: ignore[no-untyped-def]
    settings.THROTTLING = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"public": "2/min", "login": "2/min",
                                                          "availability": "2/min"}}
    url = "/api/auth/register/availability/"
    for _ in range(2):
        assert api_client.get(url, {"pseudo": "x1"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    throttled = api_client.get(url, {"pseudo": "x1"}, REMOTE_ADDR="10.0.0.1")
    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    assert api_client.get(url, {"pseudo": "x1"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    settings.THROTTLING = False
    assert api_client.get(url, {"pseudo": "x1"}, REMOTE_ADDR="10.0.0.1").status_code == 200


def test_register_and_login_throttled(api_client, settings):  # type: ignore[no-untyped-def]
    settings.THROTTLING = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"public": "1/min", "login": "1/min",
                                                          "availability": "1/min"}}
    api_client.post(URL, payload(), format="json")
    assert api_client.post(URL, payload(pseudo="autre", email="a@example.org"), format="json").status_code == 429
    assert Utilisateur.objects.count() == 1
    api_client.post("/api/auth/login/", {"pseudo": "x", "password": "y"}, format="json")
    assert api_client.post("/api/auth/login/", {"pseudo": "x", "password": "y"}, format="json").status_code == 429
