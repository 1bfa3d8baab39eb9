"""The offline test vectors: up to date with the cache code, and the Python verifier gives each result.

The kiosk screen's Vitest reads the same file (docs/offline.md "The test vectors").
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from api.management.commands.offline_vectors import DEFAULT_PATH, vectors_text
from api.services.offline_cache import offline_document_sign
from api.services.offline_verify import badge_hash, badge_key_unwrap, offline_credential_check

VECTORS = json.loads(Path(DEFAULT_PATH).read_text())
KEY = VECTORS["kiosk"]["terminal_key"]


def test_the_committed_file_is_what_the_code_makes_today():
    assert Path(DEFAULT_PATH).read_text() == vectors_text(), "run: manage.py offline_vectors"
    assert vectors_text() == vectors_text()  # deterministic


def test_the_document_is_signed_and_the_badge_key_unwraps():
    document = VECTORS["document"]
    assert offline_document_sign(document, terminal_key=KEY) == document["signature"]
    badge_key = badge_key_unwrap(document, terminal_key=KEY)
    assert badge_key.hex() == VECTORS["intermediate"]["badge_key"]
    for badge in VECTORS["intermediate"]["badges"]:
        assert badge_hash(badge["uid"], terminal_key=KEY, badge_key=badge_key) == badge["badge_hash"]


def test_the_cases_cover_what_the_issue_names():
    reasons = {(case["method"], case["expected"]["reason"]) for case in VECTORS["cases"]}
    assert {("code", None), ("qr", None), ("rfid", None), ("code", "unknown_credential"),
            ("code", "bad_signature"), ("code", "expired")} <= reasons
    assert any("document" in case for case in VECTORS["cases"])


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[case["name"] for case in VECTORS["cases"]])
def test_each_case_gives_its_expected_result(case):
    decision = offline_credential_check(
        case.get("document", VECTORS["document"]), terminal_key=case.get("terminal_key", KEY),
        method=case["method"], value=case["value"], emplacement_numero=case["emplacement_numero"],
        now=datetime.fromisoformat(case["now"]))
    expected = case["expected"]
    assert (decision.accepted, decision.reason, decision.reference_code) == (
        expected["accepted"], expected["reason"], expected["reference_code"])


@pytest.mark.django_db
def test_the_verifier_accepts_what_the_api_serves():
    from django.utils import timezone

    from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

    cabinet = make_cabinet()
    kiosk, key = kiosk_client(cabinet)
    reservation, secret = book_now(cabinet, "code")
    badge_reservation, uid = book_now(make_cabinet(), "rfid")
    document = kiosk.get("/api/terminal/offline-cache/").json()
    decision = offline_credential_check(document, terminal_key=key, method="code", value=secret,
                                        emplacement_numero=1, now=timezone.now())
    assert decision.accepted and decision.reference_code == reservation.reference_code
    refused = offline_credential_check(document, terminal_key=key, method="rfid", value=uid,
                                       emplacement_numero=1, now=timezone.now())
    assert (refused.accepted, refused.reason) == (False, "unknown_credential")
    assert badge_reservation.reference_code not in json.dumps(document)
