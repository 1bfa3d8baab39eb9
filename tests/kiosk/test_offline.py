"""Offline mode: the signed cache verified as a kiosk would, and the events replayed idempotently."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import Alerte, ChargeSessionState, OfflineEvent, ReservationStatus, Session
from tests.conftest import client_for
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db
EVENTS = "/api/terminal/offline-events/"


def kiosk_verify(document: dict, terminal_key: str) -> bool:
    """What the kiosk firmware does (docs/offline.md)."""
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    sign_key = hmac.new(terminal_key.encode(), b"offline-signature", hashlib.sha256).digest()
    expected = hmac.new(sign_key, canonical.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, document["signature"])


def kiosk_check(entry: dict, value: str, terminal_key: str) -> bool:
    verify_key = hmac.new(terminal_key.encode(), b"offline-verify", hashlib.sha256).digest()
    return entry["check_hash"] == hmac.new(verify_key, value.encode(), hashlib.sha256).hexdigest()


def test_cache_is_signed_and_lets_the_kiosk_check_a_code_locally(cabinet):
    kiosk, key = kiosk_client(cabinet)
    reservation, secret = book_now(cabinet, "code")
    later, _ = book_now(cabinet, "qr", date_debut=timezone.now() + timedelta(hours=30))
    elsewhere, _ = book_now(make_cabinet(), "code")
    document = kiosk.get("/api/terminal/offline-cache/").json()
    assert kiosk_verify(document, key)
    assert document["version"] and document["valid_until"] > document["generated_at"]
    codes = [entry["reference_code"] for entry in document["entries"]]
    assert codes == [reservation.reference_code]
    entry = document["entries"][0]
    assert kiosk_check(entry, secret, key) and not kiosk_check(entry, "00000000", key)
    assert secret not in json.dumps(document)
    tampered = {**document, "valid_until": "2999-01-01T00:00:00+00:00"}
    assert not kiosk_verify(tampered, key)
    assert not kiosk_verify(document, "another-key")


def test_cache_wrong_actors(cabinet, user):
    assert client_for(user).get("/api/terminal/offline-cache/").status_code == 401


def _started(reservation, event_id=None, minutes_ago=10):  # type: ignore[no-untyped-def]
    return {"event_id": event_id or uuid.uuid4().hex, "kind": "session_started",
            "occurred_at": (timezone.now() - timedelta(minutes=minutes_ago)).isoformat(),
            "reference_code": reservation.reference_code, "emplacement_numero": reservation.emplacement.numero,
            "method": reservation.auth_choice}


def _stopped(reservation, event_id=None, minutes_ago=1, energy=4.2):  # type: ignore[no-untyped-def]
    return {"event_id": event_id or uuid.uuid4().hex, "kind": "session_stopped",
            "occurred_at": (timezone.now() - timedelta(minutes=minutes_ago)).isoformat(),
            "reference_code": reservation.reference_code, "energie_kwh": energy}


def test_events_open_and_close_sessions_after_the_fact(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    start, stop = _started(reservation), _stopped(reservation)
    refused = {"event_id": "r1", "kind": "auth_refused", "occurred_at": timezone.now().isoformat(),
               "method": "code", "reason": "invalid_credential"}
    response = kiosk.post(EVENTS, {"events": [stop, start, refused]}, format="json")  # reordered
    assert response.status_code == 200
    assert [item["result"] for item in response.json()["results"]] == ["accepted"] * 3
    session = Session.objects.get()
    assert session.charge_state == ChargeSessionState.STOPPED and session.energie_kwh == 4.2
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.COMPLETED
    again = kiosk.post(EVENTS, {"events": [start]}, format="json").json()["results"]
    assert again == [{"event_id": start["event_id"], "result": "duplicate"}]
    assert OfflineEvent.objects.count() == 3


def test_conflicts_are_kept_flagged_and_alerted(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    cancelled, _ = book_now(cabinet, "code", statut=ReservationStatus.CANCELLED)
    foreign, _ = book_now(make_cabinet(), "code")
    unknown = {**_started(cancelled), "reference_code": "NOPE"}
    events = [_started(cancelled), _started(foreign), unknown]
    results = kiosk.post(EVENTS, {"events": events}, format="json").json()["results"]
    assert [item["result"] for item in results] == ["conflict"] * 3
    reasons = set(OfflineEvent.objects.values_list("conflict_reason", flat=True))
    assert reasons == {"reservation_cancelled", "other_cabinet", "unknown_reference"}
    assert Alerte.objects.filter(type="offline_event_conflict").exists()
    assert Session.objects.count() == 0


@pytest.mark.parametrize("body", [{}, {"events": []}, {"events": [{"kind": "session_started"}]},
                                  {"events": [{"event_id": "a", "occurred_at": "x", "kind": "session_started"}]},
                                  {"events": [{"event_id": "a", "occurred_at": "2024-01-01T00:00:00Z",
                                               "kind": "session_stopped", "reference_code": "R"}]}])
def test_malformed_batches_are_400_and_store_nothing(cabinet, body):
    kiosk, _ = kiosk_client(cabinet)
    assert kiosk.post(EVENTS, body, format="json").status_code == 400
    assert OfflineEvent.objects.count() == 0


def test_events_wrong_actor(cabinet, user):
    reservation, _ = book_now(cabinet, "code")
    assert client_for(user).post(EVENTS, {"events": [_started(reservation)]}, format="json").status_code == 401
    assert OfflineEvent.objects.count() == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=25), st.randoms(use_true_random=False),
       st.integers(min_value=1, max_value=4))
def test_random_batches_store_each_event_once(cabinet, picks, rnd: random.Random, parts):
    kiosk, _ = kiosk_client(cabinet)
    OfflineEvent.objects.filter(borne=cabinet).delete()
    run = uuid.uuid4().hex[:8]
    pool = [{"event_id": f"{run}-{n}", "kind": "auth_refused", "occurred_at": timezone.now().isoformat(),
             "method": "code", "reason": "invalid_credential"} for n in range(8)]
    sent = [pool[pick] for pick in picks]
    rnd.shuffle(sent)
    size = max(1, len(sent) // parts)
    for index in range(0, len(sent), size):
        response = kiosk.post(EVENTS, {"events": sent[index:index + size]}, format="json")
        assert response.status_code == 200
    stored = set(OfflineEvent.objects.filter(borne=cabinet).values_list("event_id", flat=True))
    assert stored == {event["event_id"] for event in sent}
    assert OfflineEvent.objects.filter(borne=cabinet).count() == len(stored)
