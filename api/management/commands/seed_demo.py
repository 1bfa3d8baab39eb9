"""Load a demo network an operator can click through. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from api.models import (
    Borne,
    BorneLink,
    Capteur,
    Consentement,
    ConsentStatus,
    ConsentType,
    Device,
    DeviceType,
    Emplacement,
    ProfilUtilisateur,
    Station,
    TechnicianStationRole,
    Technicien,
    TechnicienStation,
    Utilisateur,
)

DEMO_PASSWORD = "Demo-Recharge-2026!"

STATIONS = [
    {
        "nom": "Lyon Part-Dieu",
        "localisation_text": "Place Charles Beraudier, 69003 Lyon",
        "latitude": "45.760600",
        "longitude": "4.859700",
        "bornes": [(1, "Part-Dieu A", 4), (2, "Part-Dieu B", 4)],
    },
    {
        "nom": "Villeurbanne Gratte-Ciel",
        "localisation_text": "Avenue Henri Barbusse, 69100 Villeurbanne",
        "latitude": "45.769800",
        "longitude": "4.880000",
        "bornes": [(1, "Gratte-Ciel", 4)],
    },
]

# (ext) One OCPP cabinet (docs/ocpp.md), driven in `make run` by `simulate_ocpp`: (station, numero, name, connectors).
OCPP_DEMO = ("Villeurbanne Gratte-Ciel", 2, "Gratte-Ciel OCPP", 2)
OCPP_DEMO_IDENTITY = "DEMO-OCPP-1"

ACCOUNTS = [
    # pseudo, email, nom, staff
    ("admin", "admin@demo.local", "Alice Admin", True),
    ("tech", "tech@demo.local", "Thomas Technicien", False),
    ("pilote1", "pilote1@demo.local", "Paula Pilote", False),
    ("pilote2", "pilote2@demo.local", "Pierre Pilote", False),
]


class Command(BaseCommand):
    help = ("Create (or complete) the demo network: 2 stations, 3 ESP32 cabinets (12 bays with devices and sensors), "
            "one OCPP cabinet (2 connectors), accounts.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        stations = [self._station(spec) for spec in STATIONS]
        self._ocpp_cabinet()
        users = {pseudo: self._user(pseudo, email, nom, staff) for pseudo, email, nom, staff in ACCOUNTS}
        technicien, _ = Technicien.objects.get_or_create(
            utilisateur=users["tech"], defaults={"nom": "Thomas Technicien", "email": "tech@demo.local"}
        )
        TechnicienStation.objects.get_or_create(
            technicien=technicien, station=stations[0], defaults={"role": TechnicianStationRole.REFERENT}
        )
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {Station.objects.count()} stations, {Borne.objects.count()} cabinets, "
            f"{Emplacement.objects.count()} bays. Demo password for every account: {DEMO_PASSWORD}"
        ))

    def _station(self, spec: dict[str, Any]) -> Station:
        station, _ = Station.objects.get_or_create(
            nom=spec["nom"],
            defaults={k: spec[k] for k in ("localisation_text", "latitude", "longitude")},
        )
        for numero, nom, bays in spec["bornes"]:
            borne, _ = Borne.objects.get_or_create(station=station, numero=numero, defaults={"nom": nom})
            for bay in range(1, bays + 1):
                emplacement, _ = Emplacement.objects.get_or_create(borne=borne, numero=bay)
                device, _ = Device.objects.get_or_create(emplacement=emplacement)
                Capteur.objects.get_or_create(device=device, type="temperature", defaults={"unite": "°C"})
        return station

    def _ocpp_cabinet(self) -> Borne:
        """The OCPP charger's cabinet: identity set, no password (`run_dev` issues one at each start)."""
        station_name, numero, nom, connectors = OCPP_DEMO
        station = Station.objects.get(nom=station_name)
        borne, _ = Borne.objects.get_or_create(station=station, numero=numero, defaults={
            "nom": nom, "link_kind": BorneLink.OCPP, "ocpp_identity": OCPP_DEMO_IDENTITY})
        for bay in range(1, connectors + 1):
            emplacement, _ = Emplacement.objects.get_or_create(borne=borne, numero=bay)
            Device.objects.get_or_create(emplacement=emplacement, defaults={"type_device": DeviceType.OCPP})
        return borne

    def _user(self, pseudo: str, email: str, nom: str, staff: bool) -> Utilisateur:
        user = Utilisateur.objects.filter(pseudo__iexact=pseudo).first()
        if user is None:
            create = Utilisateur.objects.create_superuser if staff else Utilisateur.objects.create_user
            user = create(pseudo, email, DEMO_PASSWORD)
            for consent in (ConsentType.CGU, ConsentType.PRIVACY):
                Consentement.objects.create(utilisateur=user, type=consent, statut=ConsentStatus.ACCEPTED)
        ProfilUtilisateur.objects.get_or_create(utilisateur=user, defaults={"nom": nom})
        return user
