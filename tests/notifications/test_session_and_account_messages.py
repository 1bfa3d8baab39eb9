"""Session and account messages from the real events: the device's stop and fault over the real broker, a badge
linked at a kiosk and revoked in the app, a password changed, an account deleted; no secret in any body."""

from __future__ import annotations

import pytest
from django.core import mail

from api.models import ChargeSessionState, OutboxMessage, OutboxStatus, Session
from api.services import badges
from api.services.delivery import outbox_deliver_due
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.devices.conftest import wait_until
from tests.factories import DEFAULT_PASSWORD
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet
from tests.notifications.conftest import driver, messages

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "Encore-un-mot-de-passe-99"


def _state(session_id: int) -> str:
    return Session.objects.get(pk=session_id).charge_state


def _open_session(bridge, make_sim, user):  # type: ignore[no-untyped-def]
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    sim = make_sim(cabinet.emplacements.get().device)
    reservation, secret = book_now(cabinet, "code", user=user)
    sid = kiosk.post("/api/terminal/authenticate/", {"method": "code", "value": secret}, format="json").json()[
        "id_session"]
    wait_until(lambda: _state(sid) == ChargeSessionState.WAITING_PLUG, message="unlock ack")
    return kiosk, sim, sid, reservation


def test_the_receipt_at_the_device_stop_over_the_broker(bridge, make_sim):
    user = driver(language="en")
    kiosk, sim, sid, reservation = _open_session(bridge, make_sim, user)
    sim.plug(session_id=sid)
    wait_until(lambda: _state(sid) == ChargeSessionState.CHARGING, message="charging")
    sim.send_telemetry(5)
    wait_until(lambda: (Session.objects.get(pk=sid).telemetry_count or 0) >= 5, message="telemetry")
    assert kiosk.post(f"/api/terminal/sessions/{sid}/stop/").status_code == 200
    wait_until(lambda: _state(sid) == ChargeSessionState.STOPPED, message="stop ack")
    session = Session.objects.get(pk=sid)
    (email,) = messages("session_receipt")
    assert email.recipient == user.email and email.language == "en"
    assert email.dedupe_key == f"session:{sid}:receipt:email"
    assert email.subject == f"Charging receipt - booking {reservation.reference_code}"
    assert f"Energy delivered: {session.energie_kwh:.2f} kWh" in email.body and "Duration:" in email.body
    assert not messages("session_error")
    assert outbox_deliver_due() >= 1
    assert [m.subject for m in mail.outbox] == [email.subject]


def test_a_device_fault_tells_the_driver_what_happened_and_what_to_do(bridge, make_sim):
    user = driver()
    _kiosk, sim, sid, reservation = _open_session(bridge, make_sim, user)
    sim.faults.fault_code = "E42"
    sim.publish_state()
    wait_until(lambda: _state(sid) == ChargeSessionState.ERROR, message="fault")
    (email,) = messages("session_error")
    assert email.recipient == user.email and email.reservation_id == reservation.pk
    assert "l'emplacement a signalé un défaut" in email.body and "Que faire" in email.body
    assert not messages("session_receipt")


def test_a_badge_linked_at_a_kiosk_then_revoked_in_the_app_without_its_uid(cabinet, kiosk):
    user = driver()
    _auth, code, _exp = badges.rfid_link_code_create(utilisateur=user)
    uid = "04A13F9A"
    response = kiosk.post("/api/terminal/rfid-link/", {"code": code, "uid": uid}, format="json")
    assert response.status_code == 201
    (linked,) = messages("badge_linked")
    assert linked.recipient == user.email and "Message de sécurité" in linked.body
    badge_id = OutboxMessage.objects.get(kind="badge_linked").dedupe_key.split(":")[1]
    client = client_for(user)
    start, _ = slot()
    assert client.post("/api/reservations/", book_body(cabinet.emplacements.get(), start, 60, "rfid"),
                       format="json").status_code == 201
    (booked,) = messages("booking_confirmed")
    assert "badge RFID" in booked.body and "confirmée" in booked.subject
    assert client.delete(f"/api/account/auth-methods/{badge_id}/").status_code == 204
    assert client.delete(f"/api/account/auth-methods/{badge_id}/").status_code == 409
    (revoked,) = messages("badge_revoked")
    assert revoked.recipient == user.email
    for message in (linked, revoked, booked):
        assert uid not in message.body and uid.lower() not in message.body and uid not in message.html_body
        assert code not in message.body


def test_a_password_change_is_told_without_the_password():
    user = driver(language="en")
    client = client_for(user)
    wrong = client.post("/api/account/password/", {"current_password": "nope", "new_password": NEW_PASSWORD,
                                                   "new_password_confirm": NEW_PASSWORD}, format="json")
    assert wrong.status_code == 400 and not messages("password_changed")
    response = client.post("/api/account/password/", {"current_password": DEFAULT_PASSWORD,
                                                      "new_password": NEW_PASSWORD,
                                                      "new_password_confirm": NEW_PASSWORD}, format="json")
    assert response.status_code == 200
    (email,) = messages("password_changed")
    assert email.recipient == user.email and email.subject == "Your password was changed"
    assert NEW_PASSWORD not in email.body and NEW_PASSWORD not in email.html_body
    assert DEFAULT_PASSWORD not in email.body


def test_an_account_deletion_is_told_to_the_address_it_had():
    user = driver()
    address = user.email
    assert client_for(user).delete("/api/account/profile/").status_code == 204
    user.refresh_from_db()
    assert user.email != address
    (email,) = messages("account_deleted")
    assert email.recipient == address and email.language == "fr"
    assert "Votre compte a été supprimé" in email.subject and "n'existe plus" in email.body
    assert "/account" not in email.body  # no preference link for an account that is gone
    assert outbox_deliver_due() == 1
    assert mail.outbox[0].to == [address]
    assert OutboxMessage.objects.get(kind="account_deleted").status == OutboxStatus.SENT
