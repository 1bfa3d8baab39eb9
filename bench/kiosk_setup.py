"""Bench cabinets for benchmarks 1 and 3: stations with one cabinet, bays with their device, terminal keys,
reservations with a code valid now (benchmark 1) or open charging sessions (benchmark 3).

Network rows come from SQL (fast); keys, credentials and sessions through the Django models and the
services' own derivations (`terminal_key_issue`, `credential_secret`, `credential_value_hash`), so what
the kiosk presents is exactly what a booking would have given the driver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bench.common import db_conn


@dataclass(frozen=True)
class Bay:
    emplacement_id: int
    numero: int
    borne_id: int
    prefix: str


def cabinets(n_bornes: int, bays: int, tag: str) -> list[Bay]:
    """`n_bornes` fresh stations of one cabinet (MQTT prefix `bench/<tag>/<id>`) with `bays` bays and devices."""
    with db_conn() as conn:
        conn.execute(
            "INSERT INTO api_station (nom, localisation_text, statut, created_at) "
            "SELECT %s || g, '', 'active', now() FROM generate_series(1, %s) g", (f"Bench {tag} ", n_bornes))
        conn.execute(
            "INSERT INTO api_borne (station_id, numero, nom, mqtt_prefix, statut, created_at) "
            "SELECT id_station, 1, nom, %s || id_station, 'active', now() FROM api_station WHERE nom LIKE %s",
            (f"bench/{tag}/", f"Bench {tag} %"))
        conn.execute(
            "INSERT INTO api_emplacement (station_id, borne_id, numero, statut, lock_state) "
            "SELECT b.station_id, b.id_borne, n, 'disponible', 'verrouille' FROM api_borne b "
            "CROSS JOIN generate_series(1, %s) n WHERE b.mqtt_prefix LIKE %s", (bays, f"bench/{tag}/%"))
        conn.execute(
            "INSERT INTO api_device (emplacement_id, type_device, firmware_version, expected_firmware_version, "
            "firmware_update_status, ota_update_url, ota_target_version, ota_last_error, slot_id, hardware_mac, "
            "mac_address, last_seen, status, last_command_id, last_command_action, last_command_status, "
            "last_command_message, ota_job_id) "
            "SELECT e.id_emplacement, 'ESP32', '1.0.0', '', 'up_to_date', '', '', '', 'S' || e.numero, '', '', now(), "
            "'online', '', '', '', '', '' FROM api_emplacement e JOIN api_borne b ON b.id_borne = e.borne_id "
            "WHERE b.mqtt_prefix LIKE %s", (f"bench/{tag}/%",))
        rows = conn.execute(
            "SELECT e.id_emplacement, e.numero, b.id_borne, b.mqtt_prefix FROM api_emplacement e "
            "JOIN api_borne b ON b.id_borne = e.borne_id WHERE b.mqtt_prefix LIKE %s "
            "ORDER BY e.numero, b.id_borne", (f"bench/{tag}/%",)).fetchall()
    return [Bay(*row) for row in rows]  # bay 1 of every cabinet, then bay 2...: load spread over the cabinets


def terminal_keys(borne_ids: set[int]) -> dict[int, str]:
    from api.models import Borne
    from api.services.terminal_keys import terminal_key_issue

    return {borne.pk: terminal_key_issue(borne=borne, actor=None, ip=None).terminal_key
            for borne in Borne.objects.filter(pk__in=borne_ids)}


def reservations_with_codes(bays: list[Bay], user_ids: list[int]) -> list[str]:
    """One `confirmee` code reservation per bay, started 5 minutes ago; the code of each, in `bays` order.

    In bulk (thousands): the credential rows as `temporary_credential_issue` makes them, the code and its
    keyed hash by the service's own functions; a code colliding with another gets a new nonce.
    """
    from django.db import transaction
    from django.utils import timezone

    from api.crypto import random_token
    from api.models import Authentification, Reservation, ReservationAuthChoice, ReservationStatus
    from api.services.credentials import credential_secret, credential_value_hash, type_auth_for
    from api.services.reservations import new_reference_code

    now = timezone.now()
    mode = ReservationAuthChoice.CODE
    with transaction.atomic():
        reservations = Reservation.objects.bulk_create([
            Reservation(reference_code=new_reference_code(), utilisateur_id=user_ids[i % len(user_ids)],
                        emplacement_id=bay.emplacement_id, auth_choice=mode, date_debut=now - timedelta(minutes=5),
                        date_fin=now + timedelta(hours=2), statut=ReservationStatus.CONFIRMED)
            for i, bay in enumerate(bays)])
        type_auth = type_auth_for(mode)
        auths = Authentification.objects.bulk_create([
            Authentification(utilisateur_id=r.utilisateur_id, type_auth=type_auth, hash_valeur="",
                             display_value="code", expiration=r.date_fin, is_active=True,
                             metadata={"mode": mode, "reservation": r.pk, "borne": bay.borne_id})
            for r, bay in zip(reservations, bays, strict=True)])
        seen: set[str] = set()
        codes = []
        for auth in auths:
            while True:
                auth.metadata["nonce"] = random_token(16)
                code = credential_secret(auth)
                if code not in seen:
                    break
            seen.add(code)
            codes.append(code)
            auth.hash_valeur = credential_value_hash(mode, code)
        Authentification.objects.bulk_update(auths, ["metadata", "hash_valeur"], batch_size=1000)
        for reservation, auth in zip(reservations, auths, strict=True):
            reservation.authentification = auth
        Reservation.objects.bulk_update(reservations, ["authentification"], batch_size=1000)
    return codes


def open_sessions(bays: list[Bay], user_ids: list[int]) -> dict[int, int]:
    """One `active` reservation and one `charging` session per bay: {emplacement_id: session id}."""
    from django.db import transaction
    from django.utils import timezone

    from api.models import ChargeSessionState, Reservation, ReservationAuthChoice, ReservationStatus, Session
    from api.services.reservations import new_reference_code

    now = timezone.now()
    with transaction.atomic():
        reservations = Reservation.objects.bulk_create([
            Reservation(reference_code=new_reference_code(), utilisateur_id=user_ids[i % len(user_ids)],
                        emplacement_id=bay.emplacement_id, auth_choice=ReservationAuthChoice.CODE,
                        date_debut=now - timedelta(minutes=5), date_fin=now + timedelta(hours=2),
                        statut=ReservationStatus.ACTIVE)
            for i, bay in enumerate(bays)])
        sessions = Session.objects.bulk_create([
            Session(reservation=r, emplacement_id=r.emplacement_id, charge_state=ChargeSessionState.CHARGING)
            for r in reservations])
    return {s.emplacement_id: s.pk for s in sessions}


def summary(values: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in values.items())
