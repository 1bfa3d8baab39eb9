"""Enumerations of the reference (`api.models.*Status`, ...) and the extension enums beside them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class UserStatus(models.TextChoices):
    """Allowed lifecycle states for application accounts."""

    ACTIVE = "actif", pgettext_lazy("UserStatus", "Active")
    SUSPENDED = "suspendu", pgettext_lazy("UserStatus", "Suspended")
    ARCHIVED = "archive", pgettext_lazy("UserStatus", "Archived")


class ConsentType(models.TextChoices):
    """Consent categories tracked for accountability."""

    CGU = "cgu", pgettext_lazy("ConsentType", "Terms of use")
    PRIVACY = "politique_confidentialite", pgettext_lazy("ConsentType", "Privacy policy")
    NOTIFICATIONS = "notifications", pgettext_lazy("ConsentType", "Notifications")


class ConsentStatus(models.TextChoices):
    """Allowed consent decisions stored in the consent history."""

    ACCEPTED = "accepte", pgettext_lazy("ConsentStatus", "Accepted")
    REFUSED = "refuse", pgettext_lazy("ConsentStatus", "Refused")


class SecurityLogStatus(models.TextChoices):
    """Outcome values for security audit events."""

    SUCCESS = "success", pgettext_lazy("SecurityLogStatus", "Success")
    FAILURE = "failure", pgettext_lazy("SecurityLogStatus", "Failure")


class StationStatus(models.TextChoices):
    """Operational lifecycle values for a charging station."""

    ACTIVE = "active", pgettext_lazy("StationStatus", "Active")
    MAINTENANCE = "maintenance", pgettext_lazy("StationStatus", "Maintenance")
    INACTIVE = "inactive", pgettext_lazy("StationStatus", "Inactive")


class BorneStatus(models.TextChoices):
    """Operational lifecycle values for one physical kiosk/charging cabinet."""

    ACTIVE = "active", pgettext_lazy("BorneStatus", "Active")
    MAINTENANCE = "maintenance", pgettext_lazy("BorneStatus", "Maintenance")
    INACTIVE = "inactive", pgettext_lazy("BorneStatus", "Inactive")


class EmplacementStatus(models.TextChoices):
    """Availability values for one charging bay."""

    AVAILABLE = "disponible", pgettext_lazy("EmplacementStatus", "Available")
    RESERVED = "reserve", pgettext_lazy("EmplacementStatus", "Reserved")
    OCCUPIED = "occupe", pgettext_lazy("EmplacementStatus", "Occupied")
    MAINTENANCE = "maintenance", pgettext_lazy("EmplacementStatus", "Maintenance")


class LockState(models.TextChoices):
    """Physical lock states reported or controlled by the station."""

    LOCKED = "verrouille", pgettext_lazy("LockState", "Locked")
    UNLOCKED = "deverrouille", pgettext_lazy("LockState", "Unlocked")
    BLOCKED = "bloque", pgettext_lazy("LockState", "Blocked")


class ReservationAuthChoice(models.TextChoices):
    """Authentication modes available for a reservation."""

    RFID = "rfid", pgettext_lazy("ReservationAuthChoice", "RFID badge")
    QR = "qr", pgettext_lazy("ReservationAuthChoice", "QR code")
    CODE = "code", pgettext_lazy("ReservationAuthChoice", "Numeric code")


class ReservationStatus(models.TextChoices):
    """Lifecycle values for reservations."""

    PENDING = "en_attente", pgettext_lazy("ReservationStatus", "Pending")
    CONFIRMED = "confirmee", pgettext_lazy("ReservationStatus", "Confirmed")
    ACTIVE = "active", pgettext_lazy("ReservationStatus", "Active")
    CANCELLED = "annulee", pgettext_lazy("ReservationStatus", "Cancelled")
    COMPLETED = "terminee", pgettext_lazy("ReservationStatus", "Completed")


class ChargeSessionState(models.TextChoices):
    """Backend lifecycle values for one effective charging session."""

    RESERVED = "reserved", pgettext_lazy("ChargeSessionState", "Reserved")
    ACCESS_VALIDATED = "access_validated", pgettext_lazy("ChargeSessionState", "Access validated")
    WAITING_PLUG = "waiting_plug", pgettext_lazy("ChargeSessionState", "Waiting for plug")
    CHARGING = "charging", pgettext_lazy("ChargeSessionState", "Charging")
    STOPPING = "stopping", pgettext_lazy("ChargeSessionState", "Stopping")
    STOPPED = "stopped", pgettext_lazy("ChargeSessionState", "Stopped")
    ERROR = "error", pgettext_lazy("ChargeSessionState", "Error")


class DeviceType(models.TextChoices):
    """Supported embedded device families."""

    ESP32 = "ESP32", pgettext_lazy("DeviceType", "ESP32")
    # (ext) a connector of an OCPP charge point (docs/ocpp.md)
    OCPP = "OCPP", pgettext_lazy("DeviceType", "OCPP connector")


class BorneLink(models.TextChoices):
    """(ext) How a cabinet talks to the backend: an ESP32 per bay over MQTT, or one OCPP charge point."""

    MQTT = "mqtt", pgettext_lazy("BorneLink", "MQTT (ESP32)")
    OCPP = "ocpp", pgettext_lazy("BorneLink", "OCPP")


class DeviceStatus(models.TextChoices):
    """Last business state received from an embedded device."""

    PROVISIONED = "provisioned", pgettext_lazy("DeviceStatus", "Provisioned")
    ONLINE = "online", pgettext_lazy("DeviceStatus", "Online")
    IDLE = "idle", pgettext_lazy("DeviceStatus", "Idle")
    OFFLINE = "offline", pgettext_lazy("DeviceStatus", "Offline")
    CHARGING = "charging", pgettext_lazy("DeviceStatus", "Charging")
    ERROR = "error", pgettext_lazy("DeviceStatus", "Error")


class FirmwareUpdateStatus(models.TextChoices):
    """Lifecycle values for firmware compliance and OTA preparation."""

    UNKNOWN = "unknown", pgettext_lazy("FirmwareUpdateStatus", "Unknown")
    UP_TO_DATE = "up_to_date", pgettext_lazy("FirmwareUpdateStatus", "Up to date")
    UPDATE_REQUIRED = "update_required", pgettext_lazy("FirmwareUpdateStatus", "Update required")
    UPDATE_SCHEDULED = "update_scheduled", pgettext_lazy("FirmwareUpdateStatus", "Update scheduled")
    UPDATING = "updating", pgettext_lazy("FirmwareUpdateStatus", "Updating")
    FAILED = "failed", pgettext_lazy("FirmwareUpdateStatus", "Failed")


class AlertSeverity(models.TextChoices):
    """Severity scale used by operational alerts.

    `critique` is the canonical top severity; `critical` exists for rows written by older versions.
    """

    LOW = "basse", pgettext_lazy("AlertSeverity", "Low")
    MEDIUM = "moyenne", pgettext_lazy("AlertSeverity", "Medium")
    HIGH = "haute", pgettext_lazy("AlertSeverity", "High")
    CRITICAL = "critical", pgettext_lazy("AlertSeverity", "Critical (legacy)")
    CRITIQUE = "critique", pgettext_lazy("AlertSeverity", "Critical")


class AlertStatus(models.TextChoices):
    """Lifecycle values for operational alerts.

    Canonical lifecycle: `nouvelle` -> `prise_en_charge` -> `resolue` -> `fermee`. `active` and `closed`
    exist for rows written by older versions and are read as `nouvelle` and `fermee`.
    """

    NEW = "nouvelle", pgettext_lazy("AlertStatus", "New")
    ACTIVE = "active", pgettext_lazy("AlertStatus", "Active (legacy)")
    IN_PROGRESS = "prise_en_charge", pgettext_lazy("AlertStatus", "In progress")
    RESOLVED = "resolue", pgettext_lazy("AlertStatus", "Resolved")
    CLOSED = "closed", pgettext_lazy("AlertStatus", "Closed (legacy)")
    FERMEE = "fermee", pgettext_lazy("AlertStatus", "Closed")


class MaintenanceStatus(models.TextChoices):
    """Lifecycle values for maintenance interventions."""

    PLANNED = "planifiee", pgettext_lazy("MaintenanceStatus", "Planned")
    IN_PROGRESS = "en_cours", pgettext_lazy("MaintenanceStatus", "In progress")
    DONE = "realisee", pgettext_lazy("MaintenanceStatus", "Done")
    CANCELLED = "annulee", pgettext_lazy("MaintenanceStatus", "Cancelled")


class TechnicianStationRole(models.TextChoices):
    """Operational responsibility levels for a technician on one station."""

    REFERENT = "referent", pgettext_lazy("TechnicianStationRole", "Referent")
    INTERVENANT = "intervenant", pgettext_lazy("TechnicianStationRole", "Responder")
    OBSERVATEUR = "observateur", pgettext_lazy("TechnicianStationRole", "Observer")


# --- Extensions beyond the reference -------------------------------------------------------------


class CommandAction(models.TextChoices):
    """Actions the backend may ask of a bay's device (device-protocol.md, `cmd`)."""

    UNLOCK = "unlock", pgettext_lazy("CommandAction", "Unlock")
    LOCK = "lock", pgettext_lazy("CommandAction", "Lock")
    START_CHARGE = "start_charge", pgettext_lazy("CommandAction", "Start charging")
    STOP_CHARGE = "stop_charge", pgettext_lazy("CommandAction", "Stop charging")
    REBOOT = "reboot", pgettext_lazy("CommandAction", "Reboot")


class CommandStatus(models.TextChoices):
    """Lifecycle of one device command: recorded, published, then acknowledged by the device."""

    PENDING = "pending", pgettext_lazy("CommandStatus", "Recorded")
    SENT = "sent", pgettext_lazy("CommandStatus", "Sent")
    RECEIVED = "received", pgettext_lazy("CommandStatus", "Received")
    DONE = "done", pgettext_lazy("CommandStatus", "Done")
    FAILED = "failed", pgettext_lazy("CommandStatus", "Failed")
    REJECTED = "rejected", pgettext_lazy("CommandStatus", "Rejected")


class AccessAttemptResult(models.TextChoices):
    """Outcome of one credential presented at a kiosk."""

    ACCEPTED = "accepted", pgettext_lazy("AccessAttemptResult", "Accepted")
    REFUSED = "refused", pgettext_lazy("AccessAttemptResult", "Refused")


class MobileSessionStatus(models.TextChoices):
    """Lifecycle of a kiosk/phone pairing."""

    PENDING = "pending", pgettext_lazy("MobileSessionStatus", "Pending")
    AUTHORIZED = "authorized", pgettext_lazy("MobileSessionStatus", "Authorized")
    CONSUMED = "consumed", pgettext_lazy("MobileSessionStatus", "Used")
    EXPIRED = "expired", pgettext_lazy("MobileSessionStatus", "Expired")


class OfflineEventKind(models.TextChoices):
    """Kinds of events a kiosk records while the backend is unreachable."""

    SESSION_STARTED = "session_started", pgettext_lazy("OfflineEventKind", "Session started")
    SESSION_STOPPED = "session_stopped", pgettext_lazy("OfflineEventKind", "Session stopped")
    AUTH_REFUSED = "auth_refused", pgettext_lazy("OfflineEventKind", "Access refused")


class OfflineEventResult(models.TextChoices):
    """How the backend reconciled one offline event."""

    ACCEPTED = "accepted", pgettext_lazy("OfflineEventResult", "Accepted")
    DUPLICATE = "duplicate", pgettext_lazy("OfflineEventResult", "Duplicate")
    CONFLICT = "conflict", pgettext_lazy("OfflineEventResult", "Conflict")


class OutboxChannel(models.TextChoices):
    """Channels of outgoing messages."""

    SMS = "sms", pgettext_lazy("OutboxChannel", "SMS")
    EMAIL = "email", pgettext_lazy("OutboxChannel", "E-mail")


class OutboxStatus(models.TextChoices):
    """Delivery lifecycle of an outgoing message."""

    PENDING = "pending", pgettext_lazy("OutboxStatus", "To send")
    SENT = "sent", pgettext_lazy("OutboxStatus", "Sent")
    FAILED = "failed", pgettext_lazy("OutboxStatus", "Failed for good")


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
