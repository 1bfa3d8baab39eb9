"""(ext) A session's telemetry for the console: raw and downsampled points, scope, bad input, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api import models as m
from tests import factories
from tests.conftest import client_for
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db


def admin_url(session):  # type: ignore[no-untyped-def]
    return f"/api/admin/sessions/{session.pk}/telemetry/"


def tech_url(session):  # type: ignore[no-untyped-def]
    return f"/api/technician/sessions/{session.pk}/telemetry/"


@pytest.fixture
def session(device):  # type: ignore[no-untyped-def]
    reservation = factories.ReservationFactory(emplacement=device.emplacement, statut=m.ReservationStatus.ACTIVE)
    return factories.SessionFactory(reservation=reservation, charge_state=m.ChargeSessionState.CHARGING)


def samples(session, n, *, start=None, step=timedelta(seconds=1)):  # type: ignore[no-untyped-def]
    start = start or timezone.now().replace(microsecond=0) - n * step
    m.SessionTelemetry.objects.bulk_create([
        m.SessionTelemetry(session=session, courant=float(i % 10), tension=230.0 + (i % 2), energie_kwh=i / 1000,
                           timestamp=start + i * step, seq=i)
        for i in range(n)
    ])
    return start


def test_short_session_answers_every_sample(admin_client, session):  # type: ignore[no-untyped-def]
    start = samples(session, 5)
    body = admin_client.get(admin_url(session)).json()
    assert body["downsampled"] is False and body["bucket_seconds"] is None and body["sample_count"] == 5
    assert [p["samples"] for p in body["points"]] == [1] * 5
    assert body["points"][3] == {
        "timestamp": timezone.localtime(start + timedelta(seconds=3)).isoformat(), "courant": 3.0,
        "tension": 231.0, "puissance_w": 693.0, "energie_kwh": 0.003, "samples": 1,
    }
    assert body["session"]["id_session"] == session.pk
    assert body["session"]["reference_code"] == session.reservation.reference_code
    assert body["session"]["station"] == session.emplacement.station_id
    assert body["session"]["charge_state"] == "charging"


def test_long_session_is_averaged_into_buckets(admin_client, session, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    start = samples(session, 1000)
    with django_assert_max_num_queries(4):  # the user, the session, the span, the buckets
        body = admin_client.get(admin_url(session), {"points": 100}).json()
    assert body["downsampled"] is True and body["sample_count"] == 1000
    points = body["points"]
    assert len(points) == 100
    assert sum(p["samples"] for p in points) == 1000
    assert body["bucket_seconds"] == pytest.approx(999 / 100)
    # the first bucket holds samples 0..9 (a span of 9.99 s): current 0..9, voltage 230/231 alternately
    first = points[0]
    assert first["samples"] == 10 and first["timestamp"] == timezone.localtime(start).isoformat()
    assert first["courant"] == pytest.approx(4.5) and first["tension"] == pytest.approx(230.5)
    assert first["puissance_w"] == pytest.approx(sum(i * (230.0 + i % 2) for i in range(10)) / 10)
    assert first["energie_kwh"] == pytest.approx(0.009)
    assert points[-1]["energie_kwh"] == pytest.approx(0.999)  # the last sample ends in the last bucket
    times = [p["timestamp"] for p in points]
    assert times == sorted(times)
    assert m.SessionTelemetry.objects.filter(session=session).count() == 1000  # a read changes nothing


def test_default_is_300_points(admin_client, session):  # type: ignore[no-untyped-def]
    samples(session, 301)
    body = admin_client.get(admin_url(session)).json()
    assert body["downsampled"] is True and len(body["points"]) <= 300
    assert sum(p["samples"] for p in body["points"]) == 301


def test_samples_at_one_instant(admin_client, session):  # type: ignore[no-untyped-def]
    samples(session, 10, step=timedelta(0))
    body = admin_client.get(admin_url(session), {"points": 2}).json()
    assert [p["samples"] for p in body["points"]] == [10]


def test_no_telemetry_yet(admin_client, session):  # type: ignore[no-untyped-def]
    body = admin_client.get(admin_url(session)).json()
    assert body["points"] == [] and body["sample_count"] == 0 and body["downsampled"] is False


@pytest.mark.parametrize("points", ["0", "1", "2001", "abc", "-5"])
def test_invalid_points_is_400(admin_client, referent_client, session, points):  # type: ignore[no-untyped-def]
    for client, url in ((admin_client, admin_url(session)), (referent_client, tech_url(session))):
        response = client.get(url, {"points": points})
        assert response.status_code == 400 and "points" in response.json()


def test_unknown_session_is_404(admin_client, referent_client):  # type: ignore[no-untyped-def]
    assert admin_client.get("/api/admin/sessions/999999/telemetry/").status_code == 404
    assert referent_client.get("/api/technician/sessions/999999/telemetry/").status_code == 404


def test_technicians_of_the_station_read_it(session, referent_client, observer):  # type: ignore[no-untyped-def]
    samples(session, 3)
    for client in (referent_client, client_for(observer.utilisateur)):
        response = client.get(tech_url(session))
        assert response.status_code == 200, response.content
        assert response.json()["sample_count"] == 3


def test_wrong_actors_are_refused(session, user_client, api_client, admin_client, referent_client):  # type: ignore[no-untyped-def]
    samples(session, 3)
    other = make_technician(factories.StationFactory(), m.TechnicianStationRole.REFERENT)
    assert client_for(other.utilisateur).get(tech_url(session)).status_code == 404
    inactive = factories.TechnicienFactory()
    factories.TechnicienStationFactory(technicien=inactive, station=session.emplacement.station, is_active=False)
    assert client_for(inactive.utilisateur).get(tech_url(session)).status_code == 404
    assert user_client.get(tech_url(session)).json()["code"] == "not_a_technician"
    assert admin_client.get(tech_url(session)).status_code == 403
    assert user_client.get(admin_url(session)).status_code == 403
    assert referent_client.get(admin_url(session)).status_code == 403
    assert api_client.get(admin_url(session)).status_code == 401
    assert api_client.get(tech_url(session)).status_code == 401
