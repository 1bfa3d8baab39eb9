"""Offline mode: the signed cache verified as a kiosk would, and the events replayed idempotently."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import uuid
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import Alerte, Authentification, ChargeSessionState, OfflineEvent, ReservationStatus, Session
from api.services import badges
from tests import factories
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


def kiosk_badge_key(document: dict, terminal_key: str) -> bytes:
    """Unwrap the fleet's offline badge key Kb with the kiosk's own key (docs/offline.md)."""
    wrap_key = hmac.new(terminal_key.encode(), b"offline-badge-wrap", hashlib.sha256).digest()
    wrapped = document["badge_key"]
    associated = f"offline-badge-key:{document['borne']}:{wrapped['key_id']}".encode()
    return AESGCM(wrap_key).decrypt(bytes.fromhex(wrapped["nonce"]), bytes.fromhex(wrapped["ciphertext"]), associated)


def kiosk_check_badge(entry: dict, uid: str, terminal_key: str, badge_key: bytes) -> bool:
    """A badge read offline: normalize its UID, digest it under Kb, then under Kv, look it up."""
    normalized = "".join(ch for ch in uid.upper() if ch.isalnum())
    digest = hmac.new(badge_key, normalized.encode(), hashlib.sha256).hexdigest()
    verify_key = hmac.new(terminal_key.encode(), b"offline-verify", hashlib.sha256).digest()
    return hmac.new(verify_key, digest.encode(), hashlib.sha256).hexdigest() in entry["badge_hashes"]


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


def test_cache_lets_the_kiosk_check_a_badge_locally(cabinet):
    kiosk, key = kiosk_client(cabinet)
    reservation, uid = book_now(cabinet, "rfid")
    # The holder's second badge, linked at this kiosk with a link code: both open the reservation offline.
    _pending, link_code, _expires = badges.rfid_link_code_create(utilisateur=reservation.utilisateur)
    badges.rfid_link_consume(borne=cabinet, code=link_code, uid="04:a1:3f:9a:11")
    stranger, stranger_uid = book_now(make_cabinet(), "rfid")
    document = kiosk.get("/api/terminal/offline-cache/").json()
    assert kiosk_verify(document, key)
    [entry] = document["entries"]
    assert entry["method"] == "rfid" and entry["check_hash"] is None and len(entry["badge_hashes"]) == 2
    badge_key = kiosk_badge_key(document, key)
    assert kiosk_check_badge(entry, uid, key, badge_key)
    assert kiosk_check_badge(entry, uid.lower(), key, badge_key)  # read in another case: the same badge
    assert kiosk_check_badge(entry, "04A13F9A11", key, badge_key)
    assert not kiosk_check_badge(entry, stranger_uid, key, badge_key)
    assert not kiosk_check_badge(entry, "DEADBEEF", key, badge_key)
    text = json.dumps(document)
    assert uid not in text and "04A13F9A11" not in text and badge_key.hex() not in text
    # The wrapped key opens only under this kiosk's key and for this cabinet.
    other_kiosk, other_key = kiosk_client(make_cabinet())
    with pytest.raises(InvalidTag):
        kiosk_badge_key(document, other_key)
    with pytest.raises(InvalidTag):
        kiosk_badge_key({**document, "borne": document["borne"] + 1}, key)
    # Another kiosk gets the same Kb, under its own wrapping: hashes from this cache mean nothing there.
    other_document = other_kiosk.get("/api/terminal/offline-cache/").json()
    assert kiosk_badge_key(other_document, other_key) == badge_key
    assert other_document["badge_key"]["ciphertext"] != document["badge_key"]["ciphertext"]
    # A revoked badge leaves the cache at the next fetch; the other one still works.
    revoked = Authentification.objects.get(utilisateur=reservation.utilisateur, display_value__endswith="9A11")
    badges.rfid_badge_revoke(auth=revoked, actor=factories.UtilisateurFactory(is_staff=True))
    assert Authentification.objects.filter(pk=revoked.pk, offline_digest="", offline_key_id="").exists()
    [entry] = kiosk.get("/api/terminal/offline-cache/").json()["entries"]
    assert kiosk_check_badge(entry, uid, key, badge_key) and not kiosk_check_badge(entry, "04A13F9A11", key, badge_key)
    assert stranger.reference_code not in text


def test_rotating_the_offline_badge_key_renews_each_digest_at_its_next_online_use(cabinet):
    kiosk, key = kiosk_client(cabinet)
    reservation, uid = book_now(cabinet, "rfid")
    with override_settings(OFFLINE_BADGE_KEY_ID="2"):
        document = kiosk.get("/api/terminal/offline-cache/").json()
        assert document["badge_key"]["key_id"] == "2"
        [entry] = document["entries"]
        assert entry["badge_hashes"] == []  # digested under generation 1: the kiosk decides by its policy
        response = kiosk.post("/api/terminal/authenticate/", {"method": "rfid", "value": uid,
                                                              "emplacement_numero": 1}, format="json")
        assert response.status_code == 201, response.json()
        badge = Authentification.objects.get(pk=reservation.authentification_id)
        assert badge.offline_key_id == "2"
        later, _ = book_now(cabinet, "rfid", user=reservation.utilisateur,
                            date_debut=timezone.now().replace(microsecond=0) + timedelta(hours=2))
        document = kiosk.get("/api/terminal/offline-cache/").json()
        entry = next(e for e in document["entries"] if e["reference_code"] == later.reference_code)
        new_key = kiosk_badge_key(document, key)
        assert kiosk_check_badge(entry, uid, key, new_key)


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
