"""Delivery of drivers' messages by the worker: a failed send is retried and the driver gets it once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import timezone

from api.models import OutboxMessage, OutboxStatus
from api.services.delivery import outbox_deliver_due
from tests import factories
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.notifications.conftest import driver

pytestmark = pytest.mark.django_db(transaction=True)


class FailingOnceBackend(EmailBackend):
    """The locmem backend whose first send fails, like a mail server refusing a connection."""

    failures = 1

    def send_messages(self, messages: Any) -> int:
        if FailingOnceBackend.failures:
            FailingOnceBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.FailingOnceBackend")
def test_a_failed_confirmation_is_retried_and_sent_once():
    user = driver()
    start, _ = slot()
    client_for(user).post("/api/reservations/", book_body(factories.EmplacementFactory(), start), format="json")
    assert outbox_deliver_due() == 0
    message = OutboxMessage.objects.get(kind="booking_confirmed")
    assert message.status == OutboxStatus.PENDING and message.attempts == 1 and "mail server down" in message.last_error
    assert not mail.outbox
    assert outbox_deliver_due() == 0  # not due yet: the backoff
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert outbox_deliver_due() == 1
    assert outbox_deliver_due() == 0
    assert [m.to for m in mail.outbox] == [[user.email]]
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2
