"""(ext) Forgotten password: the e-mail with a one-use link, and the new password that ends every session."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from api.crypto import password_reset_tokens
from api.models import JournalSecurite, OutboxChannel, OutboxMessage, SecurityLogStatus, UserStatus, Utilisateur
from api.services.accounts import user_erase
from tests import factories
from tests.conftest import client_for

from .conftest import STRONG_PASSWORD, login, refresh_cookie, refresh_with
from .test_login_tokens import run_concurrently

pytestmark = pytest.mark.django_db

REQUEST = "/api/auth/password-reset/"
CONFIRM = "/api/auth/password-reset/confirm/"
LINK_RE = re.compile(r"(\S+)/reset-password#(\S+)")


def ask(client: APIClient, email: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(REQUEST, {"email": email}, format="json", **extra)


def link_of(message: OutboxMessage) -> tuple[str, dict[str, str]]:
    match = LINK_RE.search(message.body)
    assert match, message.body
    return match.group(1), {key: values[0] for key, values in parse_qs(match.group(2)).items()}


def confirm_body(params: dict[str, str], password: str = STRONG_PASSWORD, confirm: str | None = None) -> dict:
    return {"uid": params["uid"], "token": params["token"], "new_password": password,
            "new_password_confirm": password if confirm is None else confirm}


def reset_params(api_client: APIClient, user: Utilisateur) -> dict[str, str]:
    assert ask(api_client, user.email).status_code == 202
    return link_of(OutboxMessage.objects.filter(recipient=user.email).latest("created_at"))[1]


def test_request_queues_one_email_with_the_link_in_the_fragment(api_client, user):  # type: ignore[no-untyped-def]
    response = ask(api_client, f"  {user.email.upper()} ")
    assert response.status_code == 202, response.data
    assert set(response.data) == {"detail"}
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient) == (OutboxChannel.EMAIL, user.email)
    assert message.subject == "Réinitialisation de votre mot de passe"
    base, params = link_of(message)
    assert base == settings.PUBLIC_BASE_URL.rstrip("/")
    assert f"/reset-password#uid={params['uid']}&token={params['token']}" in message.body
    assert password_reset_tokens.check_token(user, params["token"])
    row = JournalSecurite.objects.get(action="auth.password_reset_requested")
    assert row.utilisateur_id == user.pk and row.statut == SecurityLogStatus.SUCCESS
    assert params["token"] not in str(list(JournalSecurite.objects.values()))


def test_unknown_and_ineligible_addresses_get_the_same_answer_and_no_email(api_client, user):  # type: ignore[no-untyped-def]
    known = ask(api_client, user.email)
    suspended = factories.UtilisateurFactory(statut=UserStatus.SUSPENDED)
    archived = factories.UtilisateurFactory(statut=UserStatus.ARCHIVED)
    inactive = factories.UtilisateurFactory(is_active=False)
    erased = factories.UtilisateurFactory()
    erased_email = erased.email
    user_erase(user=erased, actor=erased)
    OutboxMessage.objects.all().delete()
    for email in ("personne@example.org", suspended.email, archived.email, inactive.email, erased_email):
        response = ask(api_client, email)
        assert (response.status_code, response.data) == (known.status_code, known.data), email
    assert not OutboxMessage.objects.exists()
    reasons = JournalSecurite.objects.filter(action="auth.password_reset_requested", statut=SecurityLogStatus.FAILURE)
    assert sorted(r.details["reason"] for r in reasons) == ["ineligible"] * 3 + ["unknown_email"] * 2


@pytest.mark.parametrize("body", [{}, {"email": ""}, {"email": "pas-une-adresse"}, {"email": ["x@example.org"]}])
def test_request_invalid_input(api_client, user, body):  # type: ignore[no-untyped-def]
    response = api_client.post(REQUEST, body, format="json")
    assert response.status_code == 400
    assert "email" in response.data
    assert not OutboxMessage.objects.exists()


def test_per_account_limit_is_silent(api_client, user, settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_RESET_MAX_PER_HOUR = 3
    for _ in range(5):
        assert ask(api_client, user.email).status_code == 202
    assert OutboxMessage.objects.filter(recipient=user.email).count() == 3
    limited = JournalSecurite.objects.filter(action="auth.password_reset_requested", details__reason="rate_limited")
    assert limited.count() == 2
    # an hour later the account may receive another one
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert ask(api_client, user.email).status_code == 202
    assert OutboxMessage.objects.filter(recipient=user.email).count() == 4
    # the limit is per account: another account is not affected
    other = factories.UtilisateurFactory()
    ask(api_client, other.email)
    assert OutboxMessage.objects.filter(recipient=other.email).count() == 1


def test_request_and_confirm_throttled_per_ip(api_client, user, settings):  # type: ignore[no-untyped-def]
    settings.THROTTLING = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "password_reset": "2/min"}}
    for _ in range(2):
        assert ask(api_client, "x@example.org", REMOTE_ADDR="10.0.0.7").status_code == 202
    throttled = ask(api_client, user.email, REMOTE_ADDR="10.0.0.7")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) >= 1
    body = {"uid": "x", "token": "y", "new_password": STRONG_PASSWORD, "new_password_confirm": STRONG_PASSWORD}
    assert api_client.post(CONFIRM, body, format="json", REMOTE_ADDR="10.0.0.7").status_code == 429
    assert not OutboxMessage.objects.filter(recipient=user.email).exists()
    assert ask(api_client, user.email, REMOTE_ADDR="10.0.0.8").status_code == 202


def test_confirm_sets_password_ends_sessions_unlocks_and_is_one_use(api_client, user):  # type: ignore[no-untyped-def]
    session = login(APIClient(), user.pseudo)
    old_refresh, old_access = refresh_cookie(session), session.data["access"]
    other_device = refresh_cookie(login(APIClient(), user.pseudo))
    Utilisateur.objects.filter(pk=user.pk).update(failed_attempts=5, locked_until=timezone.now() + timedelta(minutes=9))
    params = reset_params(api_client, user)

    response = api_client.post(CONFIRM, confirm_body(params), format="json")
    assert response.status_code == 200, response.data
    assert set(response.data) == {"detail"}
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD) and user.password != STRONG_PASSWORD
    assert STRONG_PASSWORD not in str(list(Utilisateur.objects.values()))
    assert (user.failed_attempts, user.locked_until) == (0, None)
    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    assert not live.exists() and BlacklistedToken.objects.filter(token__user=user).count() == 2
    for token in (old_refresh, other_device):
        assert refresh_with(APIClient(), token).status_code == 401
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION=f"Bearer {old_access}")
    assert stale.get("/api/auth/me/").status_code == 401
    assert login(APIClient(), user.pseudo, STRONG_PASSWORD).status_code == 200
    journal = JournalSecurite.objects.get(action="auth.password_reset", statut=SecurityLogStatus.SUCCESS)
    assert journal.utilisateur_id == user.pk and journal.details == {"sessions_ended": 2, "unlocked": True}
    assert params["token"] not in str(list(JournalSecurite.objects.values()))

    again = api_client.post(CONFIRM, confirm_body(params, "Un-autre-mot-de-passe-99"), format="json")
    assert again.status_code == 400
    assert again.data["code"] == "invalid_token"
    assert again.data["detail"] == "Lien de réinitialisation invalide ou expiré."
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


def test_expired_token_refused(api_client, user, settings, monkeypatch):  # type: ignore[no-untyped-def]
    params = reset_params(api_client, user)
    later = password_reset_tokens._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)
    monkeypatch.setattr(password_reset_tokens, "_now", lambda: later)
    response = api_client.post(CONFIRM, confirm_body(params), format="json")
    assert (response.status_code, response.data["code"]) == (400, "invalid_token")
    monkeypatch.undo()
    settings.PASSWORD_RESET_TIMEOUT = 0  # the timeout is read when the token is checked
    later = password_reset_tokens._now() + timedelta(seconds=2)
    monkeypatch.setattr(password_reset_tokens, "_now", lambda: later)
    assert api_client.post(CONFIRM, confirm_body(params), format="json").status_code == 400
    user.refresh_from_db()
    assert user.check_password(factories.DEFAULT_PASSWORD)


def test_token_dies_with_a_login_or_a_password_change(api_client, user):  # type: ignore[no-untyped-def]
    params = reset_params(api_client, user)
    assert login(APIClient(), user.pseudo).status_code == 200  # last_login changed
    assert api_client.post(CONFIRM, confirm_body(params), format="json").data["code"] == "invalid_token"
    params = reset_params(api_client, user)
    client_for(user).post("/api/account/password/", {
        "current_password": factories.DEFAULT_PASSWORD, "new_password": "Encore-Un-Autre-2025!",
        "new_password_confirm": "Encore-Un-Autre-2025!"}, format="json")
    assert api_client.post(CONFIRM, confirm_body(params), format="json").status_code == 400


@pytest.mark.parametrize("tamper", [
    {"token": "abc-123"}, {"uid": "Zm9v"}, {"uid": "!!!"}, {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"}, {"uid": ""},
])
def test_confirm_bad_link_refused(api_client, user, tamper):  # type: ignore[no-untyped-def]
    params = {**reset_params(api_client, user), **tamper}
    before = Utilisateur.objects.filter(pk=user.pk).values().get()
    response = api_client.post(CONFIRM, confirm_body(params), format="json")
    assert response.status_code == 400
    assert response.data.get("code") == "invalid_token" or "uid" in response.data
    assert Utilisateur.objects.filter(pk=user.pk).values().get() == before


def test_another_users_token_does_not_reset_this_account(api_client, user, other_user):  # type: ignore[no-untyped-def]
    mine, theirs = reset_params(api_client, user), reset_params(api_client, other_user)
    body = confirm_body({"uid": mine["uid"], "token": theirs["token"]})
    assert api_client.post(CONFIRM, body, format="json").data["code"] == "invalid_token"
    user.refresh_from_db()
    assert user.check_password(factories.DEFAULT_PASSWORD)


def test_confirm_suspended_after_request_refused(api_client, user):  # type: ignore[no-untyped-def]
    params = reset_params(api_client, user)
    Utilisateur.objects.filter(pk=user.pk).update(statut=UserStatus.SUSPENDED)
    assert api_client.post(CONFIRM, confirm_body(params), format="json").data["code"] == "invalid_token"


@pytest.mark.parametrize(("password", "confirm", "field"), [
    ("court", None, "new_password"), ("123456789012345", None, "new_password"),
    (STRONG_PASSWORD, "autre-chose-encore-42", "new_password_confirm"),
])
def test_confirm_password_rules_as_field_errors(api_client, user, password, confirm, field):  # type: ignore[no-untyped-def]
    params = reset_params(api_client, user)
    response = api_client.post(CONFIRM, confirm_body(params, password, confirm), format="json")
    assert response.status_code == 400
    assert isinstance(response.data[field], list) and response.data[field]
    user.refresh_from_db()
    assert user.check_password(factories.DEFAULT_PASSWORD)
    # the link still works once the password is acceptable
    assert api_client.post(CONFIRM, confirm_body(params), format="json").status_code == 200


def test_password_similar_to_the_account_refused(api_client):  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory(pseudo="marguerite-duras", email="marguerite-duras@example.org")
    params = reset_params(api_client, user)
    response = api_client.post(CONFIRM, confirm_body(params, "marguerite-duras"), format="json")
    assert response.status_code == 400 and "new_password" in response.data


@pytest.mark.parametrize("body", [{}, {"uid": "a", "token": "b"}, {"uid": ["a"], "token": "b", "new_password": "x"}])
def test_confirm_invalid_input(api_client, user, body):  # type: ignore[no-untyped-def]
    assert api_client.post(CONFIRM, body, format="json").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_concurrent_uses_of_one_link_change_the_password_once():  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory()
    params = reset_params(APIClient(), user)
    passwords = iter([f"{STRONG_PASSWORD}-{index}" for index in range(8)])
    results = run_concurrently(8, lambda: APIClient().post(CONFIRM, confirm_body(params, next(passwords)),
                                                           format="json").status_code)
    assert sorted(results) == [200] + [400] * 7, results
    assert JournalSecurite.objects.filter(action="auth.password_reset", statut=SecurityLogStatus.SUCCESS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_respect_the_per_account_limit(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_RESET_MAX_PER_HOUR = 3
    user = factories.UtilisateurFactory()
    results = run_concurrently(10, lambda: ask(APIClient(), user.email).status_code)
    assert results == [202] * 10
    assert OutboxMessage.objects.filter(recipient=user.email).count() == 3
