"""The kiosk's read of a presented credential (`live_credential_reservation`): built once, what the ORM reads."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from api.models import Authentification, Device, Reservation
from api.selectors.credentials import live_credential_reservation
from api.services.credentials import credential_value_hash
from tests.kiosk.conftest import book_now, make_cabinet

pytestmark = pytest.mark.django_db


def _fields(instance: object) -> dict:
    return {**model_to_dict(instance), "pk": instance.pk}  # type: ignore[attr-defined]


@pytest.mark.parametrize("mode", ["code", "qr"])
def test_the_reservation_its_credential_bay_and_device_as_the_orm_reads_them(mode, django_assert_num_queries):
    borne = make_cabinet()
    reservation, secret = book_now(borne, mode=mode)
    book_now(make_cabinet(), mode=mode)  # another credential of the mode
    with django_assert_num_queries(1):
        found = live_credential_reservation(method=mode, value_hash=credential_value_hash(mode, secret))
        assert found is not None
        device = found.emplacement.device  # loaded with it: no query
    orm = Reservation.objects.select_related("authentification", "emplacement__device").get(pk=reservation.pk)
    assert _fields(found) == _fields(orm)
    assert _fields(found.authentification) == _fields(orm.authentification)
    assert found.authentification.metadata == orm.authentification.metadata  # JSON, as the field reads it
    assert _fields(found.emplacement) == _fields(orm.emplacement)
    assert _fields(device) == _fields(orm.emplacement.device)


def test_not_found_when_wrong_mode_used_or_revoked():
    borne = make_cabinet()
    reservation, secret = book_now(borne, mode="code")
    value_hash = credential_value_hash("code", secret)
    assert live_credential_reservation(method="qr", value_hash=value_hash) is None
    assert live_credential_reservation(method="code", value_hash=credential_value_hash("code", "000000")) is None
    Authentification.objects.filter(pk=reservation.authentification_id).update(is_active=False)
    assert live_credential_reservation(method="code", value_hash=value_hash) is None


def test_a_bay_without_device_is_read_without_one():
    borne = make_cabinet()
    reservation, secret = book_now(borne, mode="code")
    Device.objects.filter(emplacement_id=reservation.emplacement_id).delete()
    found = live_credential_reservation(method="code", value_hash=credential_value_hash("code", secret))
    assert found is not None and found.pk == reservation.pk
    assert not hasattr(found.emplacement, "device")  # as the ORM: Device.DoesNotExist on access
