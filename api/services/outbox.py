"""The outbox: outgoing SMS and e-mail written in the transaction that decided them.

The worker delivers them (with retries) through the configured backends; see api/services/delivery.py.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from api.models import OutboxChannel, OutboxMessage


def outbox_enqueue(
    *, channel: OutboxChannel, recipient: str, body: str, subject: str = "", dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Queue one message. With `dedupe_key`, a second call with the same key queues nothing (returns None)."""
    if dedupe_key is None:
        return OutboxMessage.objects.create(channel=channel, recipient=recipient, subject=subject, body=body)
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                channel=channel, recipient=recipient, subject=subject, body=body, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return None
