"""The reminder and the no-show release from the worker's sweeps with a moved clock: consent both ways, two
workers and a repeated sweep sending each once, a cancelled or re-made booking never sending the old one."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.db.models import OuterRef
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Consentement, ConsentStatus, ConsentType, OutboxMessage, OutboxStatus, Utilisateur
from api.selectors.accounts import consent_accepted, current_consents
from api.services.driver_events import driver_reminders_enqueue
from api.services.sweeps import run_sweeps
from tests import factories
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.devices.test_sweeps import twice_at_once
from tests.notifications.conftest import driver, messages, set_consent

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = ZoneInfo("Europe/Paris")


def book(user, bay, hours: float = 2):  # type: ignore[no-untyped-def]
    start, _ = slot(hours=hours)
    created = client_for(user).post("/api/reservations/", book_body(bay, start), format="json")
    assert created.status_code == 201, created.content
    return created.json(), start


def reminders_sent() -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith(("Rappel", "Reminder"))]


def test_the_worker_reminds_a_consenting_driver_once_before_the_slot(move_clock):
    user = driver(notifications=True, verified_phone=True)
    created, start = book(user, factories.EmplacementFactory())
    run_sweeps()  # now: too early
    assert not messages("booking_reminder") and len(mail.outbox) == 1  # the confirmation only
    move_clock(start - timedelta(minutes=29))
    with override_settings(SMS_BACKEND="locmem"):
        counts = run_sweeps()
        assert counts["driver_reminders"] == 2  # e-mail and SMS
        assert run_sweeps()["driver_reminders"] == 0  # a second run: nothing more
    (email,) = messages("booking_reminder")
    assert email.recipient == user.email and email.language == "fr"
    assert email.dedupe_key == f"reservation:{created['id_reservation']}:reminder:{start.isoformat()}:email"
    assert "accepté les notifications" in email.body and "/account" in email.body
    assert email.status == OutboxStatus.SENT
    assert reminders_sent() == [email.subject] and start.astimezone(PARIS).strftime("%H:%M") in email.subject
    assert messages("booking_reminder", "sms")[0].status == OutboxStatus.SENT


def test_the_reminder_minutes_come_from_the_setting(move_clock):
    user = driver(notifications=True)
    _created, start = book(user, factories.EmplacementFactory())
    move_clock(start - timedelta(minutes=50))
    assert driver_reminders_enqueue() == 0
    with override_settings(DRIVER_REMINDER_MINUTES=60):
        assert driver_reminders_enqueue() == 1


def test_no_reminder_without_the_consent_and_one_once_it_is_given(move_clock):
    refused, never_asked = driver(notifications=False), driver()
    bay = factories.EmplacementFactory()
    _, start = book(refused, bay)
    book(never_asked, bay, hours=4)
    move_clock(start - timedelta(minutes=10))
    assert driver_reminders_enqueue() == 0
    set_consent(refused, True)
    assert driver_reminders_enqueue() == 1
    assert messages("booking_reminder")[0].recipient == refused.email


def test_a_consent_withdrawn_before_delivery_stops_the_reminder(move_clock):
    user = driver(notifications=True)
    _, start = book(user, factories.EmplacementFactory())
    move_clock(start - timedelta(minutes=10))
    assert driver_reminders_enqueue() == 1
    set_consent(user, False)
    run_sweeps()
    (email,) = messages("booking_reminder")
    assert email.status == OutboxStatus.CANCELLED and not reminders_sent()


def test_a_booking_cancelled_before_delivery_never_sends_its_reminder_and_a_remade_one_gets_its_own(move_clock):
    user = driver(notifications=True, language="en")
    bay = factories.EmplacementFactory()
    first, start = book(user, bay)
    move_clock(start - timedelta(minutes=10))
    assert driver_reminders_enqueue() == 1  # queued...
    client_for(user).post(f"/api/reservations/{first['id_reservation']}/cancel/")
    run_sweeps()  # ...but cancelled meanwhile: not sent
    assert OutboxMessage.objects.get(kind="booking_reminder").status == OutboxStatus.CANCELLED
    assert not reminders_sent()
    # Re-made later the same day: its own reminder at its own time, the old one never comes back.
    move_clock(start - timedelta(hours=1, minutes=50))
    again, again_start = book(user, bay, hours=2)
    assert again["id_reservation"] != first["id_reservation"]
    move_clock(again_start - timedelta(minutes=5))
    run_sweeps()
    assert reminders_sent() == [f"Reminder: your charge at {again_start.astimezone(PARIS).strftime('%H:%M')} "
                                f"({again['reference_code']})"]
    assert OutboxMessage.objects.filter(kind="booking_reminder", status=OutboxStatus.SENT).get().reservation_id == \
        again["id_reservation"]


def test_two_workers_at_once_queue_each_reminder_once(move_clock):
    users = [driver(notifications=True) for _ in range(4)]
    bays = [factories.EmplacementFactory() for _ in range(4)]
    starts = [book(user, bay)[1] for user, bay in zip(users, bays, strict=True)]
    moved = starts[0] - timedelta(minutes=15)
    results = twice_at_once(lambda: driver_reminders_enqueue(now=moved))
    assert sum(results) == 4
    assert OutboxMessage.objects.filter(kind="booking_reminder").count() == 4
    assert sorted(OutboxMessage.objects.filter(kind="booking_reminder").values_list("recipient", flat=True)) == \
        sorted(user.email for user in users)


@override_settings(DRIVER_REMINDER_MINUTES=60)
def test_drivers_without_the_consent_neither_fill_the_sweep_nor_are_read_again(move_clock):
    """Bookings of drivers who did not consent, booked too late or already reminded are left out by the
    sweep's query: they cannot take `limit` ahead of a consenting driver's booking, and each sweep runs the
    same statements however many of them wait in the window (they were read one by one at every sweep)."""
    refused, never_asked, withdrew = driver(notifications=False), driver(), driver(notifications=True)
    set_consent(withdrew, False)
    first = [book(user, factories.EmplacementFactory(), hours=hours)[1]
             for user, hours in ((refused, 3), (never_asked, 3.25), (withdrew, 3.5))][0]
    consenting = driver(notifications=True)
    book(consenting, factories.EmplacementFactory(), hours=3.75)  # the fourth in the window, soonest first
    move_clock(first - timedelta(minutes=5))
    assert driver_reminders_enqueue(limit=2) == 1  # three bookings ahead of it: it was starved before
    assert [m.recipient for m in messages("booking_reminder")] == [consenting.email]
    for _ in range(20):  # more of them waiting in the window: the next sweep's statements do not change
        book(driver(notifications=False), factories.EmplacementFactory(), hours=1)
    with CaptureQueriesContext(connection) as after:
        assert driver_reminders_enqueue(limit=2) == 0  # and the reminded one is not queued again
    assert len(after.captured_queries) == 1  # the due bookings' query; none of the 23 waiting ones is read


def test_the_latest_consent_decides_in_sql_as_in_python():
    """`consent_accepted` (the sweep's condition) and `current_consents` (the account's page) agree on every
    history: refused then accepted, accepted then refused, never asked, two decisions at the same instant."""
    users = [driver(), driver(notifications=True), driver(notifications=False)]
    set_consent(users[1], False)
    set_consent(users[2], True)
    tied = driver()
    at = timezone.now()
    for statut in (ConsentStatus.REFUSED, ConsentStatus.ACCEPTED):  # the same instant: the later row decides
        Consentement.objects.create(utilisateur=tied, type=ConsentType.NOTIFICATIONS, statut=statut,
                                    date_consentement=at)
    users.append(tied)
    in_sql = set(Utilisateur.objects.filter(pk__in=[u.pk for u in users])
                 .filter(consent_accepted(ConsentType.NOTIFICATIONS, user=OuterRef("pk"))).values_list("pk", flat=True))
    in_python = {u.pk for u in users if current_consents(user=u)["notifications_accepted"] is True}
    assert in_sql == in_python == {users[2].pk, tied.pk}


def test_a_no_show_released_by_the_worker_is_told_once(move_clock):
    user = driver(language="en")
    created, start = book(user, factories.EmplacementFactory())
    move_clock(start + timedelta(minutes=20))
    assert run_sweeps()["reservation_no_shows"] == 1
    assert run_sweeps()["reservation_no_shows"] == 0
    (email,) = messages("booking_no_show")
    assert email.recipient == user.email and email.status == OutboxStatus.SENT
    assert email.subject == f"Booking {created['reference_code']} released" and "grace period" in email.body
    assert [m.subject for m in mail.outbox].count(email.subject) == 1
