"""An `observateur` reads and never acts: every write endpoint of the console refuses them, nothing changes.

The operations come from the OpenAPI schema, so a write endpoint added later under `/api/technician/` or
`/api/admin/` is covered without editing this test. The objects named in the paths are those of the
observer's own station, so the refusal comes from the role, not from the scope.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core import serializers

from api import models as m
from tests import factories
from tests.adversarial.schema import schema_dict
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

WRITES = {"post", "put", "patch", "delete"}


def dump() -> dict[str, str]:
    return {model._meta.label_lower: serializers.serialize("json", model.objects.order_by("pk"))
            for model in apps.get_app_config("api").get_models()}


def test_an_observer_cannot_act_anywhere(observer, device, alert):  # type: ignore[no-untyped-def]
    session = factories.SessionFactory(reservation=factories.ReservationFactory(
        emplacement=device.emplacement, statut=m.ReservationStatus.ACTIVE))
    maintenance = factories.MaintenanceFactory(station=device.emplacement.station, technicien=observer)
    ids = {"id_alerte": alert.pk, "id_session": session.pk, "id_station": device.emplacement.station_id}
    client = client_for(observer.utilisateur)
    operations = [(method, path) for path, item in schema_dict()["paths"].items()
                  if path.startswith(("/api/technician/", "/api/admin/")) for method in item if method in WRITES]
    assert ("post", "/api/technician/alerts/{id_alerte}/acknowledge/") in operations
    before = dump()
    wrong = []
    for method, path in operations:
        url = re.sub(r"\{([^}]+)\}", lambda match: str(ids.get(match.group(1), maintenance.pk)), path)
        response = client.generic(method.upper(), url, data="{}", content_type="application/json")
        if response.status_code != 403:
            wrong.append(f"{method.upper()} {url}: {response.status_code}")
    assert not wrong, wrong
    assert dump() == before
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW and alert.acknowledged_by is None
