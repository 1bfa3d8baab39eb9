"""factory_boy factories for every model."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from api import models as m

DEFAULT_PASSWORD = "Un-mot-de-passe-solide-42"


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = m.Utilisateur
        skip_postgeneration_save = True

    pseudo = factory.Sequence(lambda n: f"pilote{n}")
    email = factory.LazyAttribute(lambda o: f"{o.pseudo}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)
    profil = factory.RelatedFactory("tests.factories.ProfilUtilisateurFactory", factory_related_name="utilisateur")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create and results:
            instance.save()


class ProfilUtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = m.ProfilUtilisateur
        django_get_or_create = ("utilisateur",)

    utilisateur = factory.SubFactory(UtilisateurFactory, profil=None)
    nom = factory.Faker("name", locale="fr_FR")
    telephone = factory.Sequence(lambda n: f"+336{n:08d}")


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = m.Role
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"role{n}")


class UtilisateurRoleFactory(DjangoModelFactory):
    class Meta:
        model = m.UtilisateurRole

    utilisateur = factory.SubFactory(UtilisateurFactory)
    role = factory.SubFactory(RoleFactory)


class ConsentementFactory(DjangoModelFactory):
    class Meta:
        model = m.Consentement

    utilisateur = factory.SubFactory(UtilisateurFactory)
    type = m.ConsentType.CGU
    statut = m.ConsentStatus.ACCEPTED


class JournalSecuriteFactory(DjangoModelFactory):
    class Meta:
        model = m.JournalSecurite

    utilisateur = factory.SubFactory(UtilisateurFactory)
    action = "auth.login"
    ip = "127.0.0.1"


class TypeAuthFactory(DjangoModelFactory):
    class Meta:
        model = m.TypeAuth
        django_get_or_create = ("libelle",)

    libelle = m.ReservationAuthChoice.RFID


def type_auth(libelle: str) -> m.TypeAuth:
    """The `TypeAuth` row created by the data migration."""
    return m.TypeAuth.objects.get(libelle=libelle)


class AuthentificationFactory(DjangoModelFactory):
    class Meta:
        model = m.Authentification

    utilisateur = factory.SubFactory(UtilisateurFactory)
    type_auth = factory.LazyFunction(lambda: type_auth("rfid"))
    hash_valeur = factory.Sequence(lambda n: f"{n:064x}")
    display_value = factory.Sequence(lambda n: f"•••• {n:04X}")
    is_active = True


class StationFactory(DjangoModelFactory):
    class Meta:
        model = m.Station

    nom = factory.Sequence(lambda n: f"Station {n}")
    localisation_text = factory.Sequence(lambda n: f"{n} rue de la Recharge, Lyon")
    latitude = factory.Sequence(lambda n: Decimal("45.750000") + Decimal(n % 1000) / 10000)
    longitude = factory.Sequence(lambda n: Decimal("4.850000") + Decimal(n % 1000) / 10000)


class BorneFactory(DjangoModelFactory):
    class Meta:
        model = m.Borne

    station = factory.SubFactory(StationFactory)
    numero = factory.Sequence(lambda n: n + 1)
    nom = factory.LazyAttribute(lambda o: f"Borne {o.numero}")
    mqtt_prefix = factory.LazyFunction(lambda: f"test/{uuid.uuid4().hex[:12]}")


class EmplacementFactory(DjangoModelFactory):
    class Meta:
        model = m.Emplacement

    borne = factory.SubFactory(BorneFactory)
    station = factory.LazyAttribute(lambda o: o.borne.station)
    numero = factory.Sequence(lambda n: n + 1)


class DeviceFactory(DjangoModelFactory):
    class Meta:
        model = m.Device
        django_get_or_create = ("emplacement",)

    emplacement = factory.SubFactory(EmplacementFactory)


class ReservationFactory(DjangoModelFactory):
    class Meta:
        model = m.Reservation

    reference_code = factory.Sequence(lambda n: f"R{n:09d}")
    utilisateur = factory.SubFactory(UtilisateurFactory)
    emplacement = factory.SubFactory(EmplacementFactory)
    auth_choice = m.ReservationAuthChoice.CODE
    date_debut = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(hours=1))
    date_fin = factory.LazyAttribute(lambda o: o.date_debut + timedelta(hours=1))
    statut = m.ReservationStatus.CONFIRMED


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = m.Session

    reservation = factory.SubFactory(ReservationFactory, statut=m.ReservationStatus.ACTIVE)
    emplacement = factory.LazyAttribute(lambda o: o.reservation.emplacement)


class SessionTelemetryFactory(DjangoModelFactory):
    class Meta:
        model = m.SessionTelemetry

    session = factory.SubFactory(SessionFactory)
    courant = 16.0
    tension = 230.0
    energie_kwh = 1.5
    timestamp = factory.LazyFunction(timezone.now)
    seq = factory.Sequence(lambda n: n)


class DeviceCommandLogFactory(DjangoModelFactory):
    class Meta:
        model = m.DeviceCommandLog

    device = factory.SubFactory(DeviceFactory)
    command_id = factory.LazyFunction(uuid.uuid4)
    action = m.CommandAction.UNLOCK


class CapteurFactory(DjangoModelFactory):
    class Meta:
        model = m.Capteur

    device = factory.SubFactory(DeviceFactory)
    type = "temperature"
    unite = "°C"


class CapteurDataFactory(DjangoModelFactory):
    class Meta:
        model = m.CapteurData

    capteur = factory.SubFactory(CapteurFactory)
    valeur = 21.5
    timestamp = factory.LazyFunction(timezone.now)


class TechnicienFactory(DjangoModelFactory):
    class Meta:
        model = m.Technicien

    utilisateur = factory.SubFactory(UtilisateurFactory)
    nom = factory.Faker("name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: o.utilisateur.email if o.utilisateur else "tech@example.org")


class TechnicienStationFactory(DjangoModelFactory):
    class Meta:
        model = m.TechnicienStation

    technicien = factory.SubFactory(TechnicienFactory)
    station = factory.SubFactory(StationFactory)
    role = m.TechnicianStationRole.REFERENT


class MaintenanceFactory(DjangoModelFactory):
    class Meta:
        model = m.Maintenance

    station = factory.SubFactory(StationFactory)
    technicien = factory.SubFactory(TechnicienFactory)
    type = "preventive"
    date_planifiee = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class AlerteFactory(DjangoModelFactory):
    class Meta:
        model = m.Alerte

    device = factory.SubFactory(DeviceFactory)
    station = factory.LazyAttribute(lambda o: o.device.emplacement.station if o.device else None)
    type = "temperature"
    message = "Temperature elevee"
    niveau_severite = m.AlertSeverity.HIGH


class TerminalKeyFactory(DjangoModelFactory):
    class Meta:
        model = m.TerminalKey

    borne = factory.SubFactory(BorneFactory)
    key_prefix = factory.Sequence(lambda n: f"k{n:07d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    created_at = factory.LazyFunction(timezone.now)


class RfidLinkCodeFactory(DjangoModelFactory):
    class Meta:
        model = m.RfidLinkCode

    authentification = factory.SubFactory(AuthentificationFactory, is_active=False, hash_valeur="")
    utilisateur = factory.LazyAttribute(lambda o: o.authentification.utilisateur)
    code_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))


class PhoneVerificationFactory(DjangoModelFactory):
    class Meta:
        model = m.PhoneVerification

    utilisateur = factory.SubFactory(UtilisateurFactory)
    telephone = factory.LazyAttribute(lambda o: o.utilisateur.profil.telephone)
    code_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=10))


class AccessAttemptFactory(DjangoModelFactory):
    class Meta:
        model = m.AccessAttempt

    borne = factory.SubFactory(BorneFactory)
    method = m.ReservationAuthChoice.CODE
    result = m.AccessAttemptResult.REFUSED
    reason = "unknown_credential"


class MobileSessionFactory(DjangoModelFactory):
    class Meta:
        model = m.MobileSession

    borne = factory.SubFactory(BorneFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=3))


class OfflineEventFactory(DjangoModelFactory):
    class Meta:
        model = m.OfflineEvent

    borne = factory.SubFactory(BorneFactory)
    event_id = factory.LazyFunction(lambda: uuid.uuid4().hex)
    kind = m.OfflineEventKind.AUTH_REFUSED
    occurred_at = factory.LazyFunction(timezone.now)
    result = m.OfflineEventResult.ACCEPTED


class OutboxMessageFactory(DjangoModelFactory):
    class Meta:
        model = m.OutboxMessage

    channel = m.OutboxChannel.SMS
    recipient = "+33600000000"
    body = "Votre code: 123456"


class OcppTransactionFactory(DjangoModelFactory):
    """(ext) The OCPP transaction of a session (docs/ocpp.md)."""

    class Meta:
        model = m.OcppTransaction

    session = factory.SubFactory(SessionFactory)
    borne = factory.LazyAttribute(lambda o: o.session.emplacement.borne)
    connector = factory.LazyAttribute(lambda o: o.session.emplacement.numero)
    started_at = factory.LazyFunction(timezone.now)
    meter_start_wh = 0
