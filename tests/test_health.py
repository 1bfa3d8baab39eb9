from __future__ import annotations

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_liveness_is_public(api_client) -> None:  # type: ignore[no-untyped-def]
    response = api_client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_reports_database_and_broker(api_client) -> None:  # type: ignore[no-untyped-def]
    response = api_client.get("/api/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "broker": True}


@pytest.mark.django_db
def test_readiness_is_503_when_the_broker_is_unreachable(api_client) -> None:  # type: ignore[no-untyped-def]
    from tests.ports import unused_port

    with override_settings(MQTT_URL=f"mqtt://127.0.0.1:{unused_port()}"):
        response = api_client.get("/api/health/ready/")
    assert response.status_code == 503
    assert response.json()["broker"] is False


@pytest.mark.django_db
def test_schema_and_swagger_are_served(api_client) -> None:  # type: ignore[no-untyped-def]
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/health/" in schema.json()["paths"]
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.mark.django_db
def test_admin_is_served(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert b"pseudo" in response.content.lower() or b"login" in response.content.lower()


@pytest.mark.django_db
def test_every_model_is_in_the_admin() -> None:
    from django.apps import apps
    from django.contrib import admin

    missing = [m.__name__ for m in apps.get_app_config("api").get_models() if m not in admin.site._registry]
    assert missing == []
