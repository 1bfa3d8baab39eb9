"""Driver messages: rendered from Django templates in the driver's language, queued in the outbox.

Each kind has a text template per language (`api/templates/messages/<lang>/<kind>.txt`: the subject on its
first line, then the content) and, for the kinds also sent by SMS, a short `<kind>.sms.txt`. The e-mail
layouts (`layout.txt`, `layout.html`) add why the message was sent and the link to the preferences.
Dates are shown in `settings.TIME_ZONE` (Europe/Paris). Nothing secret goes in a body but a booking's own
access code, which its driver needs.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event

from api.models import OutboxChannel, PreferredLanguage, Reservation, Utilisateur
from api.services.outbox import outbox_enqueue

CONFIRMED = "booking_confirmed"
REMINDER = "booking_reminder"
RECEIPT = "session_receipt"
SESSION_ERROR = "session_error"
NO_SHOW = "booking_no_show"
CANCELLED = "booking_cancelled"
BADGE_LINKED = "badge_linked"
BADGE_REVOKED = "badge_revoked"
PASSWORD_CHANGED = "password_changed"
ACCOUNT_DELETED = "account_deleted"

# Why each message is sent (the layouts say it): a service message, a security message, or a consent.
REASONS: Mapping[str, str] = {
    CONFIRMED: "service", RECEIPT: "service", SESSION_ERROR: "service", NO_SHOW: "service", CANCELLED: "service",
    REMINDER: "notifications",
    BADGE_LINKED: "security", BADGE_REVOKED: "security", PASSWORD_CHANGED: "security", ACCOUNT_DELETED: "security",
}
SMS_KINDS = frozenset({CONFIRMED, REMINDER, CANCELLED, NO_SHOW, SESSION_ERROR})


class Attachment(TypedDict, total=False):
    filename: str
    mimetype: str
    content: str  # base64
    cid: str  # an inline image the HTML shows (`cid:<cid>`)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str


def language_of(user: Utilisateur) -> str:
    lang = getattr(user, "preferred_language", "") or ""
    return lang if lang in PreferredLanguage.values else PreferredLanguage.FR


def preferences_url() -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/account"


def render_message(kind: str, *, language: str, context: Mapping[str, Any]) -> Rendered:
    """Subject, text and HTML e-mail bodies (and the SMS text of an SMS kind) of one message."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        ctx = {**context, "preferences_url": preferences_url(), "reason": REASONS[kind], "language": language}
        first, _sep, content = render_to_string(f"messages/{language}/{kind}.txt", ctx).strip().partition("\n")
        layout = {**ctx, "content": content.strip()}
        text = render_to_string(f"messages/{language}/layout.txt", layout).strip() + "\n"
        html = render_to_string(f"messages/{language}/layout.html", {**layout, "subject": first.strip()})
        sms = render_to_string(f"messages/{language}/{kind}.sms.txt", ctx).strip() if kind in SMS_KINDS else ""
    return Rendered(subject=first.strip()[:200], text=text, html=html, sms=sms[:480])


def enqueue_for(
    *, kind: str, key: str, email: str, language: str, context: Mapping[str, Any], phone: str = "",
    reservation: Reservation | None = None, attachments: Iterable[Attachment] = (), new_key: bool = False,
) -> int:
    """Queue the e-mail (and the SMS to a verified `phone` for an SMS kind) once per `key`; how many were queued.

    `new_key`: `key` names an event of this very transaction (a reservation just created), so nothing can hold
    it yet: `outbox_enqueue` skips its savepoint (a duplicate would abort the transaction)."""
    rendered = render_message(kind, language=language, context=context)
    common: dict[str, Any] = {"kind": kind, "language": language, "reservation": reservation}
    queued = 0
    if email and outbox_enqueue(
        channel=OutboxChannel.EMAIL, recipient=email, subject=rendered.subject, body=rendered.text,
        html_body=rendered.html, attachments=list(attachments), dedupe_key=f"{key}:email", new_key=new_key, **common,
    ):
        queued += 1
    if phone and rendered.sms and outbox_enqueue(
        channel=OutboxChannel.SMS, recipient=phone, body=rendered.sms, dedupe_key=f"{key}:sms", new_key=new_key,
        **common,
    ):
        queued += 1
    return queued


def verified_phone(user: Utilisateur) -> str:
    profil = getattr(user, "profil", None)
    return profil.telephone if profil is not None and profil.telephone_verifie and profil.telephone else ""


def enqueue_for_user(
    user: Utilisateur, *, kind: str, key: str, context: Mapping[str, Any], reservation: Reservation | None = None,
    attachments: Iterable[Attachment] = (), new_key: bool = False,
) -> int:
    return enqueue_for(
        kind=kind, key=key, email=user.email, language=language_of(user), phone=verified_phone(user),
        context={"user": user, **context}, reservation=reservation, attachments=attachments, new_key=new_key,
    )


# --- Attachments ------------------------------------------------------------------------------------


def reservation_ics(reservation: Reservation, *, language: str) -> Attachment:
    """The slot as an iCalendar event (UTC times, stable UID per booking)."""
    bay = reservation.emplacement
    station = bay.station
    with translation.override(language):
        summary = render_to_string(f"messages/{language}/ics_summary.txt", {"station": station}).strip()
    calendar = Calendar()
    calendar.add("prodid", "-//Borne//Reservations//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"reservation-{reservation.pk}@{urlsplit(settings.PUBLIC_BASE_URL).hostname or 'localhost'}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", reservation.date_debut)
    event.add("dtend", reservation.date_fin)
    event.add("summary", summary)
    event.add("location", ", ".join(part for part in (station.nom, station.localisation_text) if part))
    event.add("description", f"{reservation.reference_code} - {bay.borne.nom or bay.borne.numero} / {bay.numero}")
    calendar.add_component(event)
    return {"filename": f"reservation-{reservation.reference_code}.ics", "mimetype": "text/calendar",
            "content": base64.b64encode(calendar.to_ical()).decode()}


def qr_png(secret: str, *, reference_code: str) -> Attachment:
    buffer = io.BytesIO()
    segno.make(secret, error="m").save(buffer, kind="png", scale=6, border=2)
    return {"filename": f"qr-{reference_code}.png", "mimetype": "image/png",
            "content": base64.b64encode(buffer.getvalue()).decode(), "cid": "access-qr"}
