"""The kiosk key's read (`terminal_key_row`): the statement built once gives what the ORM would have read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.test.utils import override_settings
from django.utils import timezone

from api.crypto import sha256_hex
from api.models import AccessAttempt, AccessAttemptResult, Borne, BorneStatus, TerminalKey
from api.selectors.kiosk_failures import failure_count
from api.selectors.kiosk_keys import terminal_key_row
from api.services.terminal_keys import terminal_key_issue
from tests import factories

pytestmark = pytest.mark.django_db


def _issued(borne: Borne) -> str:
    return terminal_key_issue(borne=borne, actor=None, ip=None).terminal_key


def _fields(instance: object) -> dict:
    return {**model_to_dict(instance), "pk": instance.pk}  # type: ignore[attr-defined]


def test_the_key_its_cabinet_and_station_as_the_orm_reads_them(django_assert_num_queries):
    borne = factories.BorneFactory()
    key = _issued(borne)
    TerminalKey.objects.filter(borne=borne).update(last_used_at=timezone.now() - timedelta(hours=2))
    with django_assert_num_queries(1):
        found = terminal_key_row(key_hash=sha256_hex(key), now=timezone.now())
        assert found is not None
        row, limit_reached_at = found
        row.borne.station.nom  # noqa: B018  (loaded with the key: no query)
    orm = TerminalKey.objects.select_related("borne__station").get(key_hash=sha256_hex(key))
    assert _fields(row) == _fields(orm) and row.last_used_at == orm.last_used_at
    assert _fields(row.borne) == _fields(orm.borne)
    assert _fields(row.borne.station) == _fields(orm.borne.station)
    assert limit_reached_at is None
    assert not row._state.adding and row._state.db == "default"


def test_revoked_keys_and_inactive_cabinets_are_not_found():
    borne = factories.BorneFactory()
    key = _issued(borne)
    assert terminal_key_row(key_hash=sha256_hex("not the key"), now=timezone.now()) is None
    Borne.objects.filter(pk=borne.pk).update(statut=BorneStatus.MAINTENANCE)  # still authenticates
    assert terminal_key_row(key_hash=sha256_hex(key), now=timezone.now()) is not None
    Borne.objects.filter(pk=borne.pk).update(statut=BorneStatus.INACTIVE)
    assert terminal_key_row(key_hash=sha256_hex(key), now=timezone.now()) is None
    Borne.objects.filter(pk=borne.pk).update(statut=BorneStatus.ACTIVE)
    TerminalKey.objects.filter(borne=borne).update(revoked_at=timezone.now())
    assert terminal_key_row(key_hash=sha256_hex(key), now=timezone.now()) is None


@override_settings(KIOSK_MAX_FAILURES=3, KIOSK_FAILURE_WINDOW_MINUTES=10)
def test_the_failure_count_read_with_the_key_equals_its_own_read():
    borne, other = factories.BorneFactory(), factories.BorneFactory()
    key = _issued(borne)
    now = timezone.now()

    def attempt(minutes_ago: int, *, target: Borne = borne, counted: bool = True,
                result: str = AccessAttemptResult.REFUSED) -> None:
        row = AccessAttempt.objects.create(borne=target, method="code", result=result, counted=counted)
        AccessAttempt.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=minutes_ago))

    def read() -> object:
        found = terminal_key_row(key_hash=sha256_hex(key), now=now, read_failures=True)
        assert found is not None
        return found[1]

    attempt(1)
    attempt(2)
    attempt(3, counted=False)  # a genuine credential refused for its state: not a guess
    attempt(4, result=AccessAttemptResult.ACCEPTED)
    attempt(1, target=other)
    attempt(30)  # outside the window
    assert read() is None and failure_count(borne=borne, now=now).limit_reached_at is None
    attempt(5)
    attempt(6)
    expected = failure_count(borne=borne, now=now).limit_reached_at
    assert expected is not None and read() == expected  # the third most recent counted refusal
    assert abs((expected - (now - timedelta(minutes=5))).total_seconds()) < 1
