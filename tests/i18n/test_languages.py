"""The answer's language: `Accept-Language`, then the account's preferred language, then French.

The same refusal asked in French and in English has the same `code` and the text of each language, and the
answer says which language it is in (`Content-Language`, `Vary: Accept-Language`).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import override_settings
from django.test.client import RequestFactory
from django.utils import translation

from api.i18n import activate_account_language, asks_for_language, recipient_language
from api.models import AlertSeverity, OutboxChannel, OutboxMessage, Reservation, TechnicianStationRole, Utilisateur
from api.services.alerts import alert_raise
from tests import factories
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def assert_language(response, language: str) -> None:  # type: ignore[no-untyped-def]
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_booking_conflict_in_both_languages():
    bay = factories.EmplacementFactory()
    start, _ = slot()
    assert client_for(factories.UtilisateurFactory()).post(
        "/api/reservations/", book_body(bay, start), format="json").status_code == 201
    other = client_for(factories.UtilisateurFactory())
    fr = other.post("/api/reservations/", book_body(bay, start), format="json", **FR)
    en = other.post("/api/reservations/", book_body(bay, start), format="json", **EN)
    assert fr.status_code == en.status_code == 409
    assert fr.json()["code"] == en.json()["code"] == "slot_taken"
    assert fr.json()["detail"] == "Ce créneau est déjà réservé sur cet emplacement."
    assert en.json()["detail"] == "This time slot is already booked on this bay."
    assert_language(fr, "fr")
    assert_language(en, "en")
    assert Reservation.objects.filter(emplacement=bay).count() == 1


@override_settings(KIOSK_MAX_FAILURES=2, KIOSK_FAILURE_WINDOW_MINUTES=15)
def test_kiosk_refusal_with_retry_after_in_both_languages():
    cabinet = make_cabinet()
    kiosk = kiosk_client(cabinet)[0]
    url = "/api/terminal/authenticate/"
    unknown = [kiosk.post(url, {"method": "code", "value": "12345678"}, format="json", **lang) for lang in (FR, EN)]
    assert [r.status_code for r in unknown] == [403, 403]
    assert unknown[0].json()["code"] == unknown[1].json()["code"]
    assert unknown[0].json()["detail"] == "Identifiant d'accès inconnu."
    assert unknown[1].json()["detail"] == "Unknown access credential."
    _, secret = book_now(cabinet, "code")
    fr = kiosk.post(url, {"method": "code", "value": secret}, format="json", **FR)
    en = kiosk.post(url, {"method": "code", "value": secret}, format="json", **EN)
    assert fr.status_code == en.status_code == 429
    assert 0 < int(fr["Retry-After"]) <= 15 * 60 and 0 < int(en["Retry-After"]) <= 15 * 60
    assert fr.json()["code"] == en.json()["code"]
    assert fr.json()["detail"] == "Trop d'échecs sur cette borne. Réessayez plus tard."
    assert en.json()["detail"] == "Too many failures at this kiosk. Try again later."
    assert_language(en, "en")


def test_registration_field_error_in_both_languages(api_client):  # type: ignore[no-untyped-def]
    factories.UtilisateurFactory(pseudo="Cyclo_Volt")
    body = {"pseudo": "cyclo_volt", "email": "new@example.org", "password": "Velo-Electrique-Borne-2024!",
            "cgu_accepted": False, "privacy_policy_accepted": True}
    fr = api_client.post("/api/auth/register/", body, format="json", **FR)
    en = api_client.post("/api/auth/register/", body, format="json", **EN)
    assert fr.status_code == en.status_code == 400
    assert set(fr.json()) == set(en.json()) >= {"pseudo", "cgu_accepted"}
    assert fr.json()["pseudo"] == ["Ce pseudo est déjà utilisé."]
    assert en.json()["pseudo"] == ["This username is already taken."]
    assert fr.json()["cgu_accepted"] == ["Vous devez accepter les conditions générales d'utilisation."]
    assert en.json()["cgu_accepted"] == ["You must accept the terms of use."]
    assert Utilisateur.objects.count() == 1


def test_permission_refusal_in_both_languages(user_client):  # type: ignore[no-untyped-def]
    fr = user_client.get("/api/admin/users/", **FR)
    en = user_client.get("/api/admin/users/", **EN)
    assert fr.status_code == en.status_code == 403
    assert fr.json()["code"] == en.json()["code"] == "permission_denied"
    assert fr.json()["detail"] == "Accès réservé aux administrateurs."
    assert en.json()["detail"] == "Access restricted to administrators."


def test_french_typography_non_breaking_space(user_client):  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory()
    start, _ = slot()
    body = {**book_body(bay, start), "duration_minutes": 7}
    response = user_client.post("/api/reservations/", body, format="json", **FR)
    assert response.status_code == 400
    durations = ", ".join(str(d) for d in settings.RESERVATION_ALLOWED_DURATIONS)
    assert response.json()["duration_minutes"] == [
        f"Durée non autorisée. Durées possibles (minutes){NBSP}: {durations}."
    ]


def test_no_accept_language_is_french(api_client):  # type: ignore[no-untyped-def]
    response = api_client.get("/api/auth/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Informations d'authentification non fournies."
    assert_language(response, "fr")
    english = api_client.get("/api/auth/me/", **EN)
    assert english.json()["code"] == response.json()["code"]
    assert english.json()["detail"] == "Authentication credentials were not provided."


def test_account_language_when_the_client_asks_for_none(user, monkeypatch):  # type: ignore[no-untyped-def]
    """The account's `preferred_language` (added by the driver-notifications work) applies after
    authentication when the request has no Accept-Language; an explicit header still wins."""
    monkeypatch.setattr(Utilisateur, "preferred_language", "en", raising=False)
    client = client_for(user)
    refused = client.get("/api/admin/users/")
    assert refused.status_code == 403 and refused.json()["detail"] == "Access restricted to administrators."
    assert_language(refused, "en")
    asked = client.get("/api/admin/users/", **FR)
    assert asked.json()["detail"] == "Accès réservé aux administrateurs."
    assert_language(asked, "fr")
    monkeypatch.setattr(Utilisateur, "preferred_language", "de", raising=False)  # not a language of the API
    assert client.get("/api/admin/users/").json()["detail"] == "Accès réservé aux administrateurs."


def test_unsupported_accept_language_falls_back_to_the_account():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert not asks_for_language(request)
    with translation.override("fr"):
        activate_account_language(request, SimpleNamespace(preferred_language="en"))
        assert translation.get_language() == "en"
    asked = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        activate_account_language(asked, SimpleNamespace(preferred_language="en"))
        assert translation.get_language() == "fr"


def test_messages_sent_outside_a_request_use_the_recipients_language():
    assert recipient_language(SimpleNamespace(preferred_language="en")) == "en"
    assert recipient_language(SimpleNamespace()) == "fr"
    assert recipient_language(None) == "fr"


def test_alert_notification_in_the_technicians_language(monkeypatch):  # type: ignore[no-untyped-def]
    """An e-mail sent by the worker (no request) is in its recipient's language, French by default."""
    english = factories.UtilisateurFactory()
    monkeypatch.setattr(Utilisateur, "preferred_language",
                        property(lambda account: "en" if account.pk == english.pk else None), raising=False)
    bay = factories.EmplacementFactory()
    device = factories.DeviceFactory(emplacement=bay)
    for who, email, role in ((english, "en@example.org", TechnicianStationRole.REFERENT),
                             (None, "fr@example.org", TechnicianStationRole.OBSERVATEUR)):
        tech = factories.TechnicienFactory(utilisateur=who, email=email)
        factories.TechnicienStationFactory(technicien=tech, station=bay.station, role=role)
    alert_raise(type="lock_fault", severity=AlertSeverity.HIGH, device=device, message="Verrou bloqué.")
    emails = {message.recipient: message for message in OutboxMessage.objects.filter(channel=OutboxChannel.EMAIL)}
    assert emails["en@example.org"].subject.startswith("Alert High (lock_fault)")
    assert "Please take charge of the alert from the technician console." in emails["en@example.org"].body
    assert emails["fr@example.org"].subject.startswith("Alerte Haute (lock_fault)")
    assert f"Pour information (observateur){NBSP}: aucune action" in emails["fr@example.org"].body


def test_admin_labels_in_both_languages(admin_user, client):  # type: ignore[no-untyped-def]
    """The Django admin's labels of this project (app, models, fieldsets) follow the browser's language."""
    client.force_login(admin_user)
    fr = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    en = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Réseau de bornes" in fr and "Réservations" in fr and "Journal de sécurité" in fr
    assert "Charging network" in en and "Bookings" in en and "Security log" in en
    page = client.get(f"/admin/api/utilisateur/{admin_user.pk}/change/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Droits" in page and "Statut" in page


def test_stored_alert_messages_are_in_the_sites_language():
    """An alert's message is data: written once in French (LANGUAGE_CODE), whatever language is active."""
    from api.models import LockState
    from api.services.alert_rules import evaluate_lock_state

    device = factories.DeviceFactory()
    with translation.override("en"):
        alert = evaluate_lock_state(device=device, lock=LockState.BLOCKED, fault=None)
        fault = evaluate_lock_state(device=factories.DeviceFactory(), lock=LockState.LOCKED, fault="E42")
    assert alert is not None and alert.message == "Verrou bloqué."
    assert fault is not None and fault.message == f"Défaut signalé par l'équipement{NBSP}: E42"
