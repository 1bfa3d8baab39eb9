"""Login with lockout, refresh-cookie rotation, reuse revocation, logout, me."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from api.models import JournalSecurite, SecurityLogStatus, UserStatus, Utilisateur
from tests import factories
from tests.conftest import client_for
from tests.races import race

from .conftest import login, refresh_cookie, refresh_with

pytestmark = pytest.mark.django_db


def run_concurrently(count: int, work: Callable[[], Any]) -> list[Any]:
    """Run `work` in `count` real threads released together (tests.races.race): each result or exception."""
    return race(count, lambda _index: work())


def test_login_by_pseudo_or_email_sets_cookie_and_journals(api_client, user):  # type: ignore[no-untyped-def]
    Utilisateur.objects.filter(pk=user.pk).update(failed_attempts=3)
    response = login(api_client, user.pseudo.upper())
    assert response.status_code == 200, response.data
    assert response.data["user"]["id_user"] == user.pk
    cookie = response.cookies[settings.REFRESH_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/api/auth/"
    user.refresh_from_db()
    assert user.failed_attempts == 0 and user.last_login is not None
    assert login(APIClient(), user.email.upper()).status_code == 200
    entries = JournalSecurite.objects.filter(action="auth.login", utilisateur=user, statut=SecurityLogStatus.SUCCESS)
    assert entries.count() == 2
    assert entries.first().ip == "127.0.0.1"
    assert factories.DEFAULT_PASSWORD not in str(list(JournalSecurite.objects.values()))
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    assert me.get("/api/auth/me/").data["pseudo"] == user.pseudo


def test_login_failures(api_client, user):  # type: ignore[no-untyped-def]
    assert login(api_client, user.pseudo, "wrong-password").status_code == 401
    assert login(api_client, "nobody", "wrong-password").status_code == 401
    assert api_client.post("/api/auth/login/", {"pseudo": user.pseudo}, format="json").status_code == 400
    user.refresh_from_db()
    assert user.failed_attempts == 1
    assert JournalSecurite.objects.filter(action="auth.login", statut=SecurityLogStatus.FAILURE).count() == 2
    assert not OutstandingToken.objects.exists()


def test_lockout_after_max_failures_then_expiry(api_client, user):  # type: ignore[no-untyped-def]
    codes = [login(api_client, user.pseudo, "wrong-password").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 423]
    user.refresh_from_db()
    assert user.locked_until is not None and user.locked_until > timezone.now() + timedelta(minutes=14)
    # While locked the right password is refused too, without being checked.
    assert login(api_client, user.pseudo).status_code == 423
    assert JournalSecurite.objects.filter(action="auth.locked", utilisateur=user).count() == 1
    Utilisateur.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert login(api_client, user.pseudo).status_code == 200
    user.refresh_from_db()
    assert user.failed_attempts == 0 and user.locked_until is None


@pytest.mark.parametrize("statut", [UserStatus.SUSPENDED, UserStatus.ARCHIVED])
def test_suspended_and_archived_refused(api_client, statut):  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory(statut=statut)
    response = login(api_client, user.pseudo)
    assert response.status_code == 403
    assert response.data["code"] in {"account_suspended", "account_archived"}
    assert not OutstandingToken.objects.filter(user=user).exists()
    inactive = factories.UtilisateurFactory(is_active=False)
    assert login(api_client, inactive.pseudo).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_passwords_all_counted(settings):  # type: ignore[no-untyped-def]
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 1000
    user = factories.UtilisateurFactory()
    results = run_concurrently(50, lambda: login(APIClient(), user.pseudo, "wrong-password").status_code)
    assert results == [401] * 50
    user.refresh_from_db()
    assert user.failed_attempts == 50
    assert JournalSecurite.objects.filter(utilisateur=user, statut=SecurityLogStatus.FAILURE).count() == 50


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_passwords_lock_the_account():  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory()
    results = run_concurrently(50, lambda: login(APIClient(), user.pseudo, "wrong-password").status_code)
    assert set(results) <= {401, 423}
    user.refresh_from_db()
    assert user.locked_until is not None
    assert user.failed_attempts == results.count(401) + JournalSecurite.objects.filter(
        action="auth.locked").count()
    assert JournalSecurite.objects.filter(action="auth.locked", utilisateur=user).count() >= 1


def test_refresh_rotates_and_reuse_revokes_everything(api_client, user):  # type: ignore[no-untyped-def]
    first = refresh_cookie(login(api_client, user.pseudo))
    other_device = refresh_cookie(login(APIClient(), user.pseudo))
    response = refresh_with(APIClient(), first)
    assert response.status_code == 200, response.data
    assert set(response.data) == {"access"}
    second = refresh_cookie(response)
    assert second and second != first
    cookie = response.cookies[settings.REFRESH_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    # Reusing the rotated token: 401 and every refresh token of the user revoked.
    reuse = refresh_with(APIClient(), first)
    assert reuse.status_code == 401
    assert reuse.data["code"] == "token_reused"
    assert refresh_with(APIClient(), second).status_code == 401
    assert refresh_with(APIClient(), other_device).status_code == 401
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()
    assert JournalSecurite.objects.filter(action="auth.refresh_reuse", utilisateur=user).exists()


def test_refresh_refusals(api_client, user):  # type: ignore[no-untyped-def]
    assert api_client.post("/api/auth/refresh/").status_code == 401
    assert refresh_with(APIClient(), "garbage").status_code == 401
    access = login(api_client, user.pseudo).data["access"]
    assert refresh_with(APIClient(), access).status_code == 401  # an access token is not a refresh token
    token = refresh_cookie(login(APIClient(), user.pseudo))
    Utilisateur.objects.filter(pk=user.pk).update(statut=UserStatus.SUSPENDED)
    assert refresh_with(APIClient(), token).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_concurrent_refresh_with_one_token_gives_at_most_one():  # type: ignore[no-untyped-def]
    user = factories.UtilisateurFactory()
    token = refresh_cookie(login(APIClient(), user.pseudo))
    results = run_concurrently(10, lambda: refresh_with(APIClient(), token).status_code)
    assert len(results) == 10
    assert all(code in {200, 401} for code in results), results
    assert results.count(200) <= 1
    # The original is blacklisted exactly once; at most one new token was ever issued from it.
    assert BlacklistedToken.objects.filter(token__jti=OutstandingToken.objects.order_by("id").first().jti).count() == 1
    assert OutstandingToken.objects.filter(user=user).count() <= 2


def test_logout_revokes_and_clears(api_client, user):  # type: ignore[no-untyped-def]
    response = login(api_client, user.pseudo)
    token = refresh_cookie(response)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    client.cookies[settings.REFRESH_COOKIE_NAME] = token
    out = client.post("/api/auth/logout/")
    assert out.status_code == 204
    cleared = out.cookies[settings.REFRESH_COOKIE_NAME]
    assert cleared.value == "" and cleared["max-age"] == 0 and cleared["path"] == "/api/auth/"
    assert BlacklistedToken.objects.filter(token__jti__isnull=False, token__user=user).count() == 1
    other_device = refresh_cookie(login(APIClient(), user.pseudo))
    assert refresh_with(APIClient(), token).status_code == 401
    # A logged-out token is not a rotation reuse: the user's other sessions live on.
    assert refresh_with(APIClient(), other_device).status_code == 200


def test_logout_does_not_revoke_someone_elses_token(user, other_user):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), other_user.pseudo))
    client = client_for(user)
    client.cookies[settings.REFRESH_COOKIE_NAME] = token
    assert client.post("/api/auth/logout/").status_code == 204
    assert not BlacklistedToken.objects.exists()


def test_logout_and_me_need_authentication(api_client, user):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), user.pseudo))
    api_client.cookies[settings.REFRESH_COOKIE_NAME] = token
    assert api_client.post("/api/auth/logout/").status_code == 401
    assert not BlacklistedToken.objects.exists()
    assert api_client.get("/api/auth/me/").status_code == 401


def test_access_token_of_suspended_user_refused(user, user_client):  # type: ignore[no-untyped-def]
    assert user_client.get("/api/auth/me/").status_code == 200
    Utilisateur.objects.filter(pk=user.pk).update(statut=UserStatus.SUSPENDED)
    assert user_client.get("/api/auth/me/").status_code == 401
