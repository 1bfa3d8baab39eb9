"""Enumerations of the reference (`api.models.*Status`, ...) and the extension enums beside them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserStatus(models.TextChoices):
    """Allowed lifecycle states for application accounts."""

    ACTIVE = "actif", _("Actif")
    SUSPENDED = "suspendu", _("Suspendu")
    ARCHIVED = "archive", _("Archive")


class ConsentType(models.TextChoices):
    """Consent categories tracked for accountability."""

    CGU = "cgu", _("Conditions generales d'utilisation")
    PRIVACY = "politique_confidentialite", _("Politique de confidentialite")
    NOTIFICATIONS = "notifications", _("Notifications")


class PreferredLanguage(models.TextChoices):
    """(ext) Language of a user's messages and screens."""

    FR = "fr", _("Francais")
    EN = "en", _("English")


class ConsentStatus(models.TextChoices):
    """Allowed consent decisions stored in the consent history."""

    ACCEPTED = "accepte", _("Accepte")
    REFUSED = "refuse", _("Refuse")


class SecurityLogStatus(models.TextChoices):
    """Outcome values for security audit events."""

    SUCCESS = "success", _("Succes")
    FAILURE = "failure", _("Echec")


class StationStatus(models.TextChoices):
    """Operational lifecycle values for a charging station."""

    ACTIVE = "active", _("Active")
    MAINTENANCE = "maintenance", _("Maintenance")
    INACTIVE = "inactive", _("Inactive")


class BorneStatus(models.TextChoices):
    """Operational lifecycle values for one physical kiosk/charging cabinet."""

    ACTIVE = "active", _("Active")
    MAINTENANCE = "maintenance", _("Maintenance")
    INACTIVE = "inactive", _("Inactive")


class EmplacementStatus(models.TextChoices):
    """Availability values for one charging bay."""

    AVAILABLE = "disponible", _("Disponible")
    RESERVED = "reserve", _("Reserve")
    OCCUPIED = "occupe", _("Occupe")
    MAINTENANCE = "maintenance", _("Maintenance")


class LockState(models.TextChoices):
    """Physical lock states reported or controlled by the station."""

    LOCKED = "verrouille", _("Verrouille")
    UNLOCKED = "deverrouille", _("Deverrouille")
    BLOCKED = "bloque", _("Bloque")


class ReservationAuthChoice(models.TextChoices):
    """Authentication modes available for a reservation."""

    RFID = "rfid", _("Badge RFID")
    QR = "qr", _("QR code")
    CODE = "code", _("Code numerique")


class ReservationStatus(models.TextChoices):
    """Lifecycle values for reservations."""

    PENDING = "en_attente", _("En attente")
    CONFIRMED = "confirmee", _("Confirmee")
    ACTIVE = "active", _("Active")
    CANCELLED = "annulee", _("Annulee")
    COMPLETED = "terminee", _("Terminee")


class ChargeSessionState(models.TextChoices):
    """Backend lifecycle values for one effective charging session."""

    RESERVED = "reserved", _("Reservee")
    ACCESS_VALIDATED = "access_validated", _("Acces valide")
    WAITING_PLUG = "waiting_plug", _("En attente de branchement")
    CHARGING = "charging", _("En charge")
    STOPPING = "stopping", _("Arret en cours")
    STOPPED = "stopped", _("Arretee")
    ERROR = "error", _("Erreur")


class DeviceType(models.TextChoices):
    """Supported embedded device families."""

    ESP32 = "ESP32", _("ESP32")
    OCPP = "OCPP", _("Connecteur OCPP")  # (ext) a connector of an OCPP charge point (docs/ocpp.md)


class BorneLink(models.TextChoices):
    """(ext) How a cabinet talks to the backend: an ESP32 per bay over MQTT, or one OCPP charge point."""

    MQTT = "mqtt", _("MQTT (ESP32)")
    OCPP = "ocpp", _("OCPP")


class DeviceStatus(models.TextChoices):
    """Last business state received from an embedded device."""

    PROVISIONED = "provisioned", _("Provisionne")
    ONLINE = "online", _("En ligne")
    IDLE = "idle", _("Au repos")
    OFFLINE = "offline", _("Hors ligne")
    CHARGING = "charging", _("En charge")
    ERROR = "error", _("Erreur")


class FirmwareUpdateStatus(models.TextChoices):
    """Lifecycle values for firmware compliance and OTA preparation."""

    UNKNOWN = "unknown", _("Inconnu")
    UP_TO_DATE = "up_to_date", _("A jour")
    UPDATE_REQUIRED = "update_required", _("Mise a jour requise")
    UPDATE_SCHEDULED = "update_scheduled", _("Mise a jour planifiee")
    UPDATING = "updating", _("Mise a jour en cours")
    FAILED = "failed", _("Echec")


class AlertSeverity(models.TextChoices):
    """Severity scale used by operational alerts.

    `critique` is the canonical top severity; `critical` exists for rows written by older versions.
    """

    LOW = "basse", _("Basse")
    MEDIUM = "moyenne", _("Moyenne")
    HIGH = "haute", _("Haute")
    CRITICAL = "critical", _("Critique (ancien)")
    CRITIQUE = "critique", _("Critique")


class AlertStatus(models.TextChoices):
    """Lifecycle values for operational alerts.

    Canonical lifecycle: `nouvelle` -> `prise_en_charge` -> `resolue` -> `fermee`. `active` and `closed`
    exist for rows written by older versions and are read as `nouvelle` and `fermee`.
    """

    NEW = "nouvelle", _("Nouvelle")
    ACTIVE = "active", _("Active (ancien)")
    IN_PROGRESS = "prise_en_charge", _("Prise en charge")
    RESOLVED = "resolue", _("Resolue")
    CLOSED = "closed", _("Fermee (ancien)")
    FERMEE = "fermee", _("Fermee")


class MaintenanceStatus(models.TextChoices):
    """Lifecycle values for maintenance interventions."""

    PLANNED = "planifiee", _("Planifiee")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "realisee", _("Realisee")
    CANCELLED = "annulee", _("Annulee")


class TechnicianStationRole(models.TextChoices):
    """Operational responsibility levels for a technician on one station."""

    REFERENT = "referent", _("Referent")
    INTERVENANT = "intervenant", _("Intervenant")
    OBSERVATEUR = "observateur", _("Observateur")


# --- Extensions beyond the reference -------------------------------------------------------------


class CommandAction(models.TextChoices):
    """Actions the backend may ask of a bay's device (device-protocol.md, `cmd`)."""

    UNLOCK = "unlock", _("Deverrouiller")
    LOCK = "lock", _("Verrouiller")
    START_CHARGE = "start_charge", _("Demarrer la charge")
    STOP_CHARGE = "stop_charge", _("Arreter la charge")
    REBOOT = "reboot", _("Redemarrer")


class CommandStatus(models.TextChoices):
    """Lifecycle of one device command: recorded, published, then acknowledged by the device."""

    PENDING = "pending", _("Enregistree")
    SENT = "sent", _("Envoyee")
    RECEIVED = "received", _("Recue")
    DONE = "done", _("Executee")
    FAILED = "failed", _("Echec")
    REJECTED = "rejected", _("Refusee")


class AccessAttemptResult(models.TextChoices):
    """Outcome of one credential presented at a kiosk."""

    ACCEPTED = "accepted", _("Acceptee")
    REFUSED = "refused", _("Refusee")


class MobileSessionStatus(models.TextChoices):
    """Lifecycle of a kiosk/phone pairing."""

    PENDING = "pending", _("En attente")
    AUTHORIZED = "authorized", _("Autorisee")
    CONSUMED = "consumed", _("Utilisee")
    EXPIRED = "expired", _("Expiree")


class OfflineEventKind(models.TextChoices):
    """Kinds of events a kiosk records while the backend is unreachable."""

    SESSION_STARTED = "session_started", _("Session demarree")
    SESSION_STOPPED = "session_stopped", _("Session arretee")
    AUTH_REFUSED = "auth_refused", _("Acces refuse")


class OfflineEventResult(models.TextChoices):
    """How the backend reconciled one offline event."""

    ACCEPTED = "accepted", _("Accepte")
    DUPLICATE = "duplicate", _("Doublon")
    CONFLICT = "conflict", _("Conflit")


class OutboxChannel(models.TextChoices):
    """Channels of outgoing messages."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboxStatus(models.TextChoices):
    """Delivery lifecycle of an outgoing message."""

    PENDING = "pending", _("A envoyer")
    SENT = "sent", _("Envoye")
    FAILED = "failed", _("Echec definitif")
    CANCELLED = "cancelled", _("Annule")  # no longer wanted at delivery (a reminder of a cancelled booking)


OPEN_RESERVATION_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED, ReservationStatus.ACTIVE)
"""Statuses whose reservations hold their bay: two of them may never overlap on one bay."""

OPEN_ALERT_STATUSES = (AlertStatus.NEW, AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS)
"""Statuses of an alert that still needs someone."""

OPEN_SESSION_STATES = (
    ChargeSessionState.ACCESS_VALIDATED, ChargeSessionState.WAITING_PLUG, ChargeSessionState.CHARGING,
    ChargeSessionState.STOPPING,
)
"""Charge states of a session that holds its bay (starting, charging or being stopped): one per bay at a time."""

STOPPABLE_SESSION_STATES = (
    ChargeSessionState.ACCESS_VALIDATED, ChargeSessionState.WAITING_PLUG, ChargeSessionState.CHARGING,
)
"""Charge states from which the kiosk (or its offline batch) may ask the device to stop."""

ARCHIVED_SESSION_STATES = (ChargeSessionState.STOPPED, ChargeSessionState.ERROR)
"""Charge states of a finished session."""

BADGE_PENDING = "pending"
BADGE_ACTIVE = "active"
BADGE_REVOKED = "revoked"
"""`Authentification.metadata["status"]` of an RFID method: linked at a kiosk (pending), active, revoked."""
