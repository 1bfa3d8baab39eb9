"""Booking messages from the real events: the booking API, an operator's cancel, a station in maintenance."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.core import mail

from api.models import MaintenanceStatus, OutboxMessage, Reservation, ReservationStatus
from api.services.delivery import outbox_deliver_due
from api.services.technicians import maintenance_create
from tests import factories
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.notifications.conftest import driver, messages, parse_ics

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_code_booking_confirmation_in_french_with_the_code_and_the_ics(sms_outbox):
    user = driver(language="fr", verified_phone=True)
    bay = factories.EmplacementFactory()
    client = client_for(user)
    start, end = slot(hours=3)
    created = client.post("/api/reservations/", book_body(bay, start, 60, "code"), format="json").json()
    code = client.get(f"/api/reservations/{created['id_reservation']}/access/").json()["code"]
    (email,) = messages("booking_confirmed")
    assert email.recipient == user.email and email.language == "fr"
    assert email.reservation_id == created["id_reservation"]
    assert email.dedupe_key == f"reservation:{created['id_reservation']}:confirmed:email"
    assert email.subject == f"Réservation {created['reference_code']} confirmée"
    assert code in email.body and code in email.html_body
    assert bay.station.nom in email.body and "code à saisir" in email.body
    assert "Message de service" in email.body and "/account" in email.body  # why, and the preferences
    event = parse_ics(email)
    assert event.decoded("dtstart") == start and event.decoded("dtend") == end
    assert bay.station.nom in str(event["summary"]) and code not in email.attachments[0]["content"]
    (sms,) = messages("booking_confirmed", "sms")
    assert sms.recipient == user.profil.telephone and code in sms.body
    # Delivered by the worker: a multipart e-mail with the HTML and the .ics, and the SMS.
    assert outbox_deliver_due() == 2
    (sent,) = mail.outbox
    assert sent.to == [user.email] and sent.subject == email.subject
    assert sent.alternatives[0][1] == "text/html"
    assert [a[0] for a in sent.attachments] == [f"reservation-{created['reference_code']}.ics"]
    assert sms_outbox == [{"to": user.profil.telephone, "body": sms.body}]
    assert OutboxMessage.objects.filter(status="sent").count() == 2


def test_a_qr_booking_confirmation_in_english_carries_the_qr_image():
    user = driver(language="en")
    bay = factories.EmplacementFactory()
    start, _ = slot(hours=5)
    created = client_for(user).post("/api/reservations/", book_body(bay, start, 30, "qr"), format="json").json()
    (email,) = messages("booking_confirmed")
    assert email.language == "en" and email.subject == f"Booking {created['reference_code']} confirmed"
    assert "QR code to show at the kiosk" in email.body and "Service message" in email.body
    png = [a for a in email.attachments if a["mimetype"] == "image/png"]
    assert len(png) == 1 and base64.b64decode(png[0]["content"]).startswith(b"\x89PNG")
    assert 'src="cid:access-qr"' in email.html_body
    assert not messages("booking_confirmed", "sms")  # no verified phone
    assert outbox_deliver_due() == 1
    (sent,) = mail.outbox
    inline = [part for part in sent.message().walk() if part.get("Content-ID") == "<access-qr>"]
    assert len(inline) == 1


def test_a_refused_booking_sends_nothing():
    user = driver()
    bay = factories.EmplacementFactory()
    start, _ = slot()
    client_for(user).post("/api/reservations/", book_body(bay, start), format="json")
    response = client_for(driver()).post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 409
    assert len(messages("booking_confirmed")) == 1


def test_an_operator_cancel_is_told_once_an_own_cancel_is_not():
    user = driver()
    admin = factories.UtilisateurFactory(is_staff=True)
    bay = factories.EmplacementFactory()
    client = client_for(user)
    own = client.post("/api/reservations/", book_body(bay, slot(hours=2)[0]), format="json").json()
    theirs = client.post("/api/reservations/", book_body(bay, slot(hours=4)[0]), format="json").json()
    assert client.post(f"/api/reservations/{own['id_reservation']}/cancel/").status_code == 200
    assert not messages("booking_cancelled")
    url = f"/api/admin/reservations/{theirs['id_reservation']}/cancel/"
    assert client_for(admin).post(url).status_code == 200
    assert client_for(admin).post(url).status_code == 409
    (email,) = messages("booking_cancelled")
    assert email.recipient == user.email and email.reservation_id == theirs["id_reservation"]
    assert "annulée par l'exploitant" in email.body


def test_a_station_going_into_maintenance_cancels_its_bookings_and_tells_their_drivers():
    french, english = driver(), driver(language="en")
    bay = factories.EmplacementFactory()
    other_station_bay = factories.EmplacementFactory()
    first = client_for(french).post("/api/reservations/", book_body(bay, slot(hours=2)[0]), format="json").json()
    second = client_for(english).post("/api/reservations/", book_body(bay, slot(hours=4)[0]), format="json").json()
    elsewhere = client_for(french).post("/api/reservations/", book_body(other_station_bay, slot(hours=6)[0]),
                                        format="json").json()
    maintenance_create(data={"station": bay.station, "type": "repair", "status": MaintenanceStatus.IN_PROGRESS,
                             "date_planifiee": slot(hours=0)[0] - timedelta(minutes=1)},
                       actor=None, ip=None, station_maintenance=True)
    cancelled = Reservation.objects.filter(cancel_reason="station_maintenance")
    assert sorted(cancelled.values_list("pk", flat=True)) == sorted([first["id_reservation"],
                                                                       second["id_reservation"]])
    assert Reservation.objects.get(pk=elsewhere["id_reservation"]).statut == ReservationStatus.CONFIRMED
    by_recipient = {m.recipient: m for m in messages("booking_cancelled")}
    assert set(by_recipient) == {french.email, english.email}
    assert "est en maintenance" in by_recipient[french.email].body
    assert "under maintenance" in by_recipient[english.email].body
