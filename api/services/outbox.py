"""The outbox: outgoing SMS and e-mail written in the transaction that decided them.

The worker delivers them (with retries) through the configured backends; see api/services/delivery.py.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from api.models import OutboxChannel, OutboxMessage


def outbox_enqueue(
    *, channel: OutboxChannel, recipient: str, body: str, subject: str = "", dedupe_key: str | None = None,
    new_key: bool = False, **extra: Any,
) -> OutboxMessage | None:
    """Queue one message. With `dedupe_key`, a second call with the same key queues nothing (returns None).

    `new_key`: the caller knows no row can hold `dedupe_key` yet (it names an event of its own transaction):
    no savepoint (a duplicate would then abort the caller's transaction).

    `extra`: the other fields of a driver message (`html_body`, `attachments`, `kind`, `language`, `reservation`).
    """
    fields = {"channel": channel, "recipient": recipient, "subject": subject, "body": body, **extra}
    if dedupe_key is None or new_key:
        return OutboxMessage.objects.create(dedupe_key=dedupe_key, **fields)
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(dedupe_key=dedupe_key, **fields)
    except IntegrityError:
        return None
