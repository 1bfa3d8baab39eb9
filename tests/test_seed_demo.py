from __future__ import annotations

import pytest
from django.core.management import call_command

from api import models as m
from api.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (m.Station, m.Borne, m.Emplacement, m.Device, m.Capteur, m.Utilisateur, m.ProfilUtilisateur,
                      m.Technicien, m.TechnicienStation, m.Consentement)
    }


def test_seed_demo_builds_the_demo_network_and_is_idempotent() -> None:
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first["Station"] == 2 and first["Borne"] == 4 and first["Emplacement"] == 14
    assert first["Device"] == 14 and first["Capteur"] == 12
    ocpp = m.Borne.objects.get(link_kind=m.BorneLink.OCPP)  # (ext) the OCPP charger's cabinet, two connectors
    assert ocpp.ocpp_identity == "DEMO-OCPP-1" and ocpp.emplacements.count() == 2
    assert m.Device.objects.filter(type_device=m.DeviceType.OCPP).count() == 2
    assert m.Device.objects.filter(status=m.DeviceStatus.PROVISIONED, type_device=m.DeviceType.ESP32).count() == 12
    admin = m.Utilisateur.objects.get(pseudo="admin")
    assert admin.is_staff and admin.check_password(DEMO_PASSWORD)
    assignment = m.TechnicienStation.objects.get()
    assert assignment.technicien.utilisateur.pseudo == "tech" and assignment.is_active
    assert m.Utilisateur.objects.filter(is_staff=False, technicien_profile__isnull=True).count() == 2
    assert m.Borne.objects.exclude(mqtt_prefix="").count() == 4
