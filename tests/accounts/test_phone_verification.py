"""(ext) The profile's phone number, verified by a 6-digit code sent by SMS."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from api.models import JournalSecurite, OutboxChannel, OutboxMessage, PhoneVerification, ProfilUtilisateur
from api.services.phone_verification import phone_code_hash
from tests import factories
from tests.conftest import client_for

from .test_login_tokens import run_concurrently

pytestmark = pytest.mark.django_db

SEND = "/api/account/phone/verify/"
CONFIRM = "/api/account/phone/verify/confirm/"


def sent_code(user) -> str:  # type: ignore[no-untyped-def]
    message = OutboxMessage.objects.filter(channel=OutboxChannel.SMS, recipient=user.profil.telephone).latest("pk")
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def verified(user) -> bool:  # type: ignore[no-untyped-def]
    return ProfilUtilisateur.objects.get(utilisateur=user).telephone_verifie


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def allow_resend() -> None:
    PhoneVerification.objects.update(created_at=timezone.now() - timedelta(minutes=2))


@pytest.mark.parametrize("url", [SEND, CONFIRM])
def test_anonymous_refused(api_client, user, url):  # type: ignore[no-untyped-def]
    assert api_client.post(url, {"code": "123456"}, format="json").status_code == 401
    assert not PhoneVerification.objects.exists() and not OutboxMessage.objects.exists()


def test_send_then_confirm(user, user_client):  # type: ignore[no-untyped-def]
    phone = user.profil.telephone
    before = timezone.now()
    response = user_client.post(SEND)
    assert response.status_code == 202, response.data
    assert set(response.data) == {"expires_at", "resend_after_seconds"}
    assert response.data["resend_after_seconds"] == 60
    expires = parse_datetime(response.data["expires_at"])
    assert expires is not None and timedelta(minutes=9) < expires - before <= timedelta(minutes=10, seconds=5)
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient) == (OutboxChannel.SMS, phone)
    code = sent_code(user)
    row = PhoneVerification.objects.get()
    assert (row.telephone, row.attempts, row.used_at) == (phone, 0, None)
    assert row.code_hash == phone_code_hash(user_id=user.pk, code=code) and code not in row.code_hash
    assert code not in str(list(PhoneVerification.objects.values())) + str(list(JournalSecurite.objects.values()))
    assert not verified(user)

    response = user_client.post(CONFIRM, {"code": code}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["telephone_verifie"] is True and response.data["telephone"] == phone
    assert response.data["id_user"] == user.pk
    assert verified(user)
    row.refresh_from_db()
    assert row.used_at is not None
    assert JournalSecurite.objects.filter(action="account.phone_verified", utilisateur=user).exists()
    assert code not in str(list(JournalSecurite.objects.values()))
    # already verified: no more codes, and the used code cannot be replayed
    assert user_client.post(SEND).status_code == 409
    again = user_client.post(CONFIRM, {"code": code}, format="json")
    assert (again.status_code, again.data["code"]) == (409, "already_verified")
    assert OutboxMessage.objects.count() == 1


def test_send_without_phone_refused(user, user_client):  # type: ignore[no-untyped-def]
    ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone="")
    response = user_client.post(SEND)
    assert (response.status_code, response.data["code"]) == (400, "no_phone")
    ProfilUtilisateur.objects.filter(utilisateur=user).delete()
    assert user_client.post(SEND).data["code"] == "no_phone"
    assert not PhoneVerification.objects.exists() and not OutboxMessage.objects.exists()


def test_send_rate_limits(user, user_client, settings):  # type: ignore[no-untyped-def]
    assert user_client.post(SEND).status_code == 202
    too_soon = user_client.post(SEND)
    assert too_soon.status_code == 429 and too_soon.data["code"] == "code_resend_too_soon"
    assert 1 <= int(too_soon["Retry-After"]) <= 60
    for _ in range(settings.PHONE_VERIFICATION_MAX_PER_HOUR - 1):
        allow_resend()
        assert user_client.post(SEND).status_code == 202
    allow_resend()
    hourly = user_client.post(SEND)
    assert hourly.status_code == 429 and hourly.data["code"] == "too_many_codes"
    assert 1 <= int(hourly["Retry-After"]) <= 3600
    assert PhoneVerification.objects.count() == OutboxMessage.objects.count() == 5
    PhoneVerification.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert user_client.post(SEND).status_code == 202


def test_only_the_latest_code_counts(user, user_client):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    first = sent_code(user)
    allow_resend()
    user_client.post(SEND)
    second = sent_code(user)
    if first != second:
        response = user_client.post(CONFIRM, {"code": first}, format="json")
        assert response.status_code == 400 and not verified(user)
    assert user_client.post(CONFIRM, {"code": second}, format="json").status_code == 200


def test_wrong_codes_are_counted_then_the_code_is_dead(user, user_client, settings):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    code = sent_code(user)
    for attempt in range(1, settings.PHONE_VERIFICATION_MAX_ATTEMPTS + 1):
        response = user_client.post(CONFIRM, {"code": wrong(code)}, format="json")
        assert (response.status_code, response.data["code"]) == (400, "code_invalid")
        assert PhoneVerification.objects.get().attempts == attempt
    dead = user_client.post(CONFIRM, {"code": code}, format="json")
    assert (dead.status_code, dead.data["code"]) == (400, "code_exhausted")
    assert not verified(user)
    failures = JournalSecurite.objects.filter(action="account.phone_verification_failed", utilisateur=user)
    assert failures.count() == settings.PHONE_VERIFICATION_MAX_ATTEMPTS + 1
    # a new code works again
    allow_resend()
    user_client.post(SEND)
    assert user_client.post(CONFIRM, {"code": sent_code(user)}, format="json").status_code == 200


def test_expired_code_refused(user, user_client):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    PhoneVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = user_client.post(CONFIRM, {"code": sent_code(user)}, format="json")
    assert (response.status_code, response.data["code"]) == (400, "code_expired")
    assert not verified(user)


def test_no_pending_code(user, user_client):  # type: ignore[no-untyped-def]
    response = user_client.post(CONFIRM, {"code": "123456"}, format="json")
    assert (response.status_code, response.data["code"]) == (400, "no_pending_code")


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "12345"}, {"code": "1234567"}, {"code": "abcdef"},
                                  {"code": ["123456"]}])
def test_confirm_invalid_input(user, user_client, body):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    response = user_client.post(CONFIRM, body, format="json")
    assert response.status_code == 400 and "code" in response.data
    assert PhoneVerification.objects.get().attempts == 0


def test_another_users_code_does_not_verify_your_phone(user, user_client, other_user, other_client):  # type: ignore[no-untyped-def]
    other_client.post(SEND)
    theirs = sent_code(other_user)
    response = user_client.post(CONFIRM, {"code": theirs}, format="json")
    assert response.status_code == 400 and response.data["code"] == "no_pending_code"
    user_client.post(SEND)
    mine = sent_code(user)
    if theirs != mine:
        assert user_client.post(CONFIRM, {"code": theirs}, format="json").data["code"] == "code_invalid"
    assert not verified(user) and not verified(other_user)
    assert PhoneVerification.objects.get(utilisateur=other_user).attempts == 0


def test_code_sent_to_an_old_number_does_not_verify_the_new_one(user, user_client):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    code = sent_code(user)
    assert user_client.patch("/api/account/profile/", {"telephone": "0699887766"}, format="json").status_code == 200
    response = user_client.post(CONFIRM, {"code": code}, format="json")
    assert (response.status_code, response.data["code"]) == (400, "no_pending_code")
    assert not verified(user)


def test_telephone_verifie_is_read_only_and_reset_by_a_new_number(user, user_client):  # type: ignore[no-untyped-def]
    response = user_client.patch("/api/account/profile/", {"telephone_verifie": True}, format="json")
    assert response.status_code == 200 and response.data["telephone_verifie"] is False
    assert not verified(user)
    user_client.post(SEND)
    user_client.post(CONFIRM, {"code": sent_code(user)}, format="json")
    assert verified(user)
    response = user_client.patch("/api/account/profile/", {"telephone": "06 99 88 77 66"}, format="json")
    assert response.status_code == 200 and response.data["telephone_verifie"] is False
    assert not verified(user)
    # the new number can be verified in turn
    allow_resend()
    assert user_client.post(SEND).status_code == 202
    assert OutboxMessage.objects.latest("pk").recipient == "+33699887766"


def test_erasure_removes_pending_codes(user, user_client):  # type: ignore[no-untyped-def]
    user_client.post(SEND)
    assert user_client.delete("/api/account/profile/").status_code == 204
    assert not PhoneVerification.objects.filter(utilisateur=user).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_and_wrong_codes_are_all_limited(settings):  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory()
    results = run_concurrently(8, lambda: client_for(user).post(SEND).status_code)
    assert sorted(results) == [202] + [429] * 7, results
    assert PhoneVerification.objects.count() == OutboxMessage.objects.count() == 1
    code = sent_code(user)
    results = run_concurrently(10, lambda: client_for(user).post(CONFIRM, {"code": wrong(code)},
                                                                 format="json").data["code"])
    assert sorted(results) == ["code_exhausted"] * 5 + ["code_invalid"] * 5, results
    assert PhoneVerification.objects.get().attempts == settings.PHONE_VERIFICATION_MAX_ATTEMPTS
    assert client_for(user).post(CONFIRM, {"code": code}, format="json").data["code"] == "code_exhausted"
    assert not verified(user)
