"""Kiosk-scoped reads: its own cabinet (for the screen), a session of it followed live, its broker account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings

from api.crypto import kiosk_broker_password, kiosk_broker_username
from api.errors import NotFound
from api.models import (
    OPEN_SESSION_STATES,
    Borne,
    BorneStatus,
    ChargeSessionState,
    DeviceCommandLog,
    Session,
    SessionTelemetry,
    TerminalKey,
)
from api.mqtt.config import kiosk_ws_url
from api.mqtt.kiosk_acl import kiosk_topic_filters
from api.mqtt.topics import bay_topic

WAITING_PLUG_STATES = (ChargeSessionState.ACCESS_VALIDATED, ChargeSessionState.WAITING_PLUG)


def _telemetry(sample: SessionTelemetry | None) -> dict[str, Any] | None:
    if sample is None:
        return None
    return {"courant": sample.courant, "tension": sample.tension, "energie_kwh": sample.energie_kwh,
            "puissance_kw": round(sample.courant * sample.tension / 1000, 3), "timestamp": sample.timestamp,
            "seq": sample.seq}


def _last_command(session: Session) -> dict[str, Any] | None:
    command = DeviceCommandLog.objects.filter(session=session).order_by("-timestamp", "-id_command").first()
    if command is None:
        return None
    return {"command_id": str(command.command_id), "action": command.action, "status": command.status,
            "issued_by": command.source, "message": command.message, "updated_at": command.updated_at}


def kiosk_session_detail(*, borne: Borne, id_session: int) -> dict[str, Any]:
    """The session if it is on this cabinet (another cabinet's, like an unknown one, is NotFound)."""
    session = (
        Session.objects.select_related("reservation", "emplacement")
        .filter(pk=id_session, emplacement__borne=borne)
        .first()
    )
    if session is None:
        raise NotFound()
    latest = SessionTelemetry.objects.filter(session=session).order_by("-timestamp", "-id_telemetry").first()
    telemetry = _telemetry(latest)
    plug_deadline = None
    if session.charge_state in WAITING_PLUG_STATES:
        plug_deadline = session.charge_state_updated_at + timedelta(seconds=settings.SESSION_PLUG_TIMEOUT_SECONDS)
    charging = session.charge_state == ChargeSessionState.CHARGING
    energy = session.energie_kwh if session.energie_kwh is not None else (latest.energie_kwh if latest else None)
    return {
        "id_session": session.pk,
        "reference_code": session.reservation.reference_code,
        "emplacement_numero": session.emplacement.numero,
        "charge_state": session.charge_state,
        "charge_state_updated_at": session.charge_state_updated_at,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "date_fin": session.reservation.date_fin,
        "energie_kwh": energy,
        "courant": telemetry["courant"] if telemetry else None,
        "tension": telemetry["tension"] if telemetry else None,
        "puissance_kw": telemetry["puissance_kw"] if telemetry and charging else None,
        "max_courant": session.max_courant,
        "plug_deadline": plug_deadline,
        "error_reason": session.error_reason,
        "telemetry": telemetry,
        "last_command": _last_command(session),
    }


def kiosk_cabinet(*, borne: Borne) -> dict[str, Any]:
    """What the screen shows and needs: its station, cabinet, bays (with the session open on each) and rules."""
    bays = list(borne.emplacements.select_related("device").order_by("numero"))
    open_sessions = dict(
        Session.objects.filter(emplacement__borne=borne, charge_state__in=OPEN_SESSION_STATES)
        .order_by("start_time").values_list("emplacement_id", "id_session")
    )
    station = borne.station
    return {
        "borne": {"id_borne": borne.pk, "numero": borne.numero, "nom": borne.nom, "statut": borne.statut},
        "station": {"id_station": station.pk, "nom": station.nom, "localisation_text": station.localisation_text},
        "emplacements": [
            {"numero": bay.numero, "statut": bay.statut, "lock_state": bay.lock_state,
             "device_status": getattr(getattr(bay, "device", None), "status", None),
             "open_session": open_sessions.get(bay.pk)}
            for bay in bays
        ],
        "early_access_minutes": settings.KIOSK_EARLY_ACCESS_MINUTES,
        "plug_timeout_seconds": settings.SESSION_PLUG_TIMEOUT_SECONDS,
        "offline_cache_hours": settings.OFFLINE_CACHE_HOURS,
    }


def kiosk_broker_identity(*, borne_id: int) -> tuple[str, str] | None:
    """(current key hash, MQTT prefix) of a cabinet whose kiosk may use the broker, else None."""
    return (
        TerminalKey.objects.filter(borne_id=borne_id, revoked_at__isnull=True)
        .exclude(borne__statut=BorneStatus.INACTIVE)
        .values_list("key_hash", "borne__mqtt_prefix")
        .first()
    )


def kiosk_broker_credentials(*, borne: Borne) -> dict[str, Any]:
    """The kiosk's own broker account: where, who, its password and the topics its ACL allows."""
    identity = kiosk_broker_identity(borne_id=borne.pk)
    if identity is None:
        raise NotFound()
    key_hash, prefix = identity
    numeros = list(borne.emplacements.order_by("numero").values_list("numero", flat=True))
    return {
        "url": kiosk_ws_url(),
        "username": kiosk_broker_username(borne.pk),
        "password": kiosk_broker_password(borne_id=borne.pk, key_hash=key_hash),
        "mqtt_prefix": prefix,
        **kiosk_topic_filters(prefix),
        "bays": [{"numero": numero, **{kind: bay_topic(prefix, numero, kind) for kind in ("cmd", "ack", "state")}}
                 for numero in numeros],
    }
