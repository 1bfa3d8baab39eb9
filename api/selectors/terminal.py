"""Kiosk-scoped reads: a session or pairing of another cabinet is NotFound (404), like an unknown one."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import pairing_token_hash
from api.errors import NotFound, ServiceUnavailable
from api.models import (
    ARCHIVED_SESSION_STATES,
    OPEN_SESSION_STATES,
    Borne,
    Device,
    Emplacement,
    MobileSession,
    MobileSessionStatus,
    Reservation,
    ReservationStatus,
    Session,
    Utilisateur,
)


def bay_device(*, emplacement_id: int) -> Device:
    """The bay's device with its bay and cabinet (its command topic); 503 when the bay has none."""
    device = Device.objects.select_related("emplacement__borne").filter(emplacement_id=emplacement_id).first()
    if device is None:
        raise ServiceUnavailable(_("The equipment of this bay is unavailable."), code="device_unavailable")
    return device


def bay_device_of(reservation: Reservation) -> Device:
    """`bay_device` of the reservation's bay, without a statement when the bay was read with its device and
    cabinet (`emplacement__device`, `emplacement__borne`), else read as `bay_device` does."""
    bay = reservation.emplacement if Reservation.emplacement.is_cached(reservation) else None
    if bay is None or not (Emplacement.device.is_cached(bay) and Emplacement.borne.is_cached(bay)):
        return bay_device(emplacement_id=reservation.emplacement_id)
    try:
        return bay.device
    except Device.DoesNotExist:
        raise ServiceUnavailable(_("The equipment of this bay is unavailable."), code="device_unavailable") from None


def open_session_of(device: Device) -> Session | None:
    """The session open on the device's bay (`OPEN_SESSION_STATES`), if any."""
    return (
        Session.objects.filter(emplacement_id=device.emplacement_id, charge_state__in=OPEN_SESSION_STATES)
        .order_by("-start_time")
        .first()
    )


def session_bay(*, session_id: int) -> int | None:
    """The bay of a session (telemetry must come from that bay's device), or None for an unknown session."""
    return Session.objects.filter(pk=session_id).values_list("emplacement_id", flat=True).first()


def usable_reservations(
    *, utilisateur: Utilisateur, borne: Borne, now: datetime | None = None
) -> QuerySet[Reservation]:
    """The user's `confirmee` reservations at this cabinet whose kiosk window is open now."""
    now = now or timezone.now()
    early = timedelta(minutes=settings.KIOSK_EARLY_ACCESS_MINUTES)
    return (
        Reservation.objects.filter(
            utilisateur=utilisateur, emplacement__borne=borne, statut=ReservationStatus.CONFIRMED,
            date_debut__lte=now + early, date_fin__gt=now,
        )
        .select_related("emplacement__station", "emplacement__borne", "authentification__type_auth", "utilisateur")
        .order_by("date_debut")
    )


def session_for_kiosk(*, borne: Borne, id_session: int) -> Session:
    session = (
        Session.objects.select_related("reservation", "emplacement")
        .filter(pk=id_session, emplacement__borne=borne)
        .first()
    )
    if session is None:
        raise NotFound()
    return session


def pairing_for_kiosk(*, borne: Borne, token: str) -> MobileSession:
    pairing = (
        MobileSession.objects.select_related("borne", "reservation")
        .filter(token_hash=pairing_token_hash(token), borne=borne)
        .first()
    )
    if pairing is None:
        raise NotFound()
    return pairing


def pairing_for_user(*, token: str, user_id: int) -> MobileSession:
    """A pairing seen from a phone: any signed-in holder of a pending token; once authorized, its user only."""
    pairing = (
        MobileSession.objects.select_related("borne__station", "reservation")
        .filter(token_hash=pairing_token_hash(token))
        .first()
    )
    if pairing is None or (pairing.status != MobileSessionStatus.PENDING and pairing.utilisateur_id != user_id):
        raise NotFound()
    return pairing


def sessions_filtered(*, stations: Collection[int] | None = None, station: int | None = None,
                      charge_state: str | None = None, q: str | None = None) -> QuerySet[Session]:
    """Every session matching the console's filters; `stations` (None: the whole network) is a scope."""
    rows = Session.objects.all()
    if stations is not None:
        rows = rows.filter(emplacement__station_id__in=stations)
    if station is not None:
        rows = rows.filter(emplacement__station_id=station)
    if charge_state:
        rows = rows.filter(charge_state=charge_state)
    if q:
        rows = rows.filter(reservation__reference_code__icontains=q.strip())
    return rows


def admin_session_lists(*, station: int | None = None, charge_state: str | None = None,
                        q: str | None = None, stations: Collection[int] | None = None) -> dict[str, QuerySet[Session]]:
    """`active` (open charge states) and `archived` (stopped or error) sessions, with the admin filters.

    `stations`: only the sessions of those stations (a technician's scope); None: the whole network.
    """
    rows = sessions_filtered(stations=stations, station=station, charge_state=charge_state, q=q).select_related(
        "reservation", "emplacement__station"
    )
    return {
        "active": rows.exclude(charge_state__in=ARCHIVED_SESSION_STATES).order_by("-start_time", "-id_session"),
        "archived": rows.filter(charge_state__in=ARCHIVED_SESSION_STATES).order_by("-start_time", "-id_session"),
    }
