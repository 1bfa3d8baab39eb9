"""Outbox delivery: SMS through `SMS_BACKEND` (console, locmem, file, http), e-mail through Django's mail.

Each message is claimed with a conditional update (a lease on `next_attempt_at`), so two workers never
send it twice; failures are retried with exponential backoff, then the message is `failed`.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.request
from datetime import timedelta
from email.mime.image import MIMEImage
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db.models import F
from django.utils import timezone

from api.models import OutboxChannel, OutboxMessage, OutboxStatus
from api.services.driver_events import driver_message_still_wanted

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_LEASE = timedelta(minutes=2)
BACKOFF_BASE_SECONDS = 30

# The locmem SMS backend's mailbox (tests), like django.core.mail.outbox.
sms_outbox: list[dict[str, str]] = []


def sms_send(*, recipient: str, body: str) -> None:
    """Send one SMS through the configured backend; raises on failure."""
    backend = settings.SMS_BACKEND
    if backend == "console":
        logger.info("sms to=%s body=%s", recipient, body)
    elif backend == "locmem":
        sms_outbox.append({"to": recipient, "body": body})
    elif backend == "file":
        path = Path(settings.VAR_DIR) / "sms.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": recipient, "body": body, "at": timezone.now().isoformat()}) + "\n")
    elif backend == "http":
        request = urllib.request.Request(
            settings.SMS_HTTP_URL, data=json.dumps({"to": recipient, "body": body}).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise RuntimeError(f"SMS provider answered {response.status}")
    else:
        raise RuntimeError(f"Unknown SMS_BACKEND {backend!r}")


def email_send(*, message: OutboxMessage) -> None:
    """A plain e-mail, or (driver messages) text + HTML alternative with attachments and inline images."""
    if not message.html_body and not message.attachments:
        send_mail(message.subject or "", message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
        return
    email = EmailMultiAlternatives(message.subject or "", message.body, settings.DEFAULT_FROM_EMAIL,
                                   [message.recipient])
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for item in message.attachments:
        content = base64.b64decode(item["content"])
        if item.get("cid"):
            image = MIMEImage(content, _subtype=item["mimetype"].split("/", 1)[1])
            image.add_header("Content-ID", f"<{item['cid']}>")
            image.add_header("Content-Disposition", "inline", filename=item["filename"])
            email.attach(image)
        else:
            email.attach(item["filename"], content, item["mimetype"])
    email.send()


def outbox_deliver(*, message: OutboxMessage) -> bool:
    """Send one claimed message; record `sent`, or the error and the next attempt (or `failed`).

    A message no longer wanted (a reminder of a booking cancelled, or of a driver who withdrew the consent,
    since it was queued) is `cancelled` instead.
    """
    if not driver_message_still_wanted(message=message):
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.CANCELLED, last_error="no longer wanted")
        logger.info("outbox cancelled id=%s kind=%s", message.pk, message.kind)
        return False
    try:
        if message.channel == OutboxChannel.SMS:
            sms_send(recipient=message.recipient, body=message.body)
        else:
            email_send(message=message)
    except Exception as exc:  # any backend failure is retried later
        attempts = message.attempts + 1
        final = attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=str(exc)[:1000],
            status=OutboxStatus.FAILED if final else OutboxStatus.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)),
        )
        logger.warning("outbox delivery failed id=%s attempt=%s final=%s error=%s", message.pk, attempts, final, exc)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    logger.info("outbox sent id=%s channel=%s", message.pk, message.channel)
    return True


def outbox_deliver_due(*, limit: int = 100) -> int:
    """Claim and deliver due messages; returns how many were sent."""
    now = timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )[:limit]
    for message in due:
        claimed = OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.PENDING, next_attempt_at=message.next_attempt_at
        ).update(next_attempt_at=now + CLAIM_LEASE)
        if claimed != 1:
            continue
        sent += outbox_deliver(message=message)
    return sent
