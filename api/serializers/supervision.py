"""Supervision shapes: alerts (every `Alerte` field), devices, latest sensor readings, the overview."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import Alerte, AlertSeverity, AlertStatus, Capteur, Device, DeviceStatus, Reservation, Session
from api.selectors.supervision import CANONICAL_SEVERITY, CANONICAL_STATUS, SUMMARY_SEVERITIES, SUMMARY_STATUSES
from api.serializers.fields import MAX_ID, ApiDateTimeField

ALERT_FIELDS = (
    "id_alerte", "data", "session", "device", "station", "station_nom", "emplacement", "emplacement_numero",
    "type", "message", "niveau_severite", "status", "timestamp", "first_seen", "last_seen", "occurrence_count",
    "notified_at", "notification_count", "assigned_technician", "assigned_technician_nom", "acknowledged_by",
    "acknowledged_by_nom", "acknowledged_at", "resolved_by", "resolved_by_nom", "resolved_at", "resolution_note",
)

# A related row that may be missing: read-only, null when absent.
_OPTIONAL: dict[str, Any] = {"read_only": True, "allow_null": True, "default": None}


class AlerteSerializer(serializers.ModelSerializer):
    """An alert with every `Alerte` field, plus its station, bay and technicians' names (read only)."""

    station_nom = serializers.CharField(source="station.nom", **_OPTIONAL)
    emplacement = serializers.IntegerField(source="device.emplacement_id", **_OPTIONAL)
    emplacement_numero = serializers.IntegerField(source="device.emplacement.numero", **_OPTIONAL)
    assigned_technician_nom = serializers.CharField(source="assigned_technician.nom", **_OPTIONAL)
    acknowledged_by_nom = serializers.CharField(source="acknowledged_by.nom", **_OPTIONAL)
    resolved_by_nom = serializers.CharField(source="resolved_by.nom", **_OPTIONAL)

    class Meta:
        model = Alerte
        fields = ALERT_FIELDS
        read_only_fields = ALERT_FIELDS

    def to_representation(self, instance: Alerte) -> dict[str, Any]:
        """Old rows' `critical`, `active`, `closed` are shown as `critique`, `nouvelle`, `fermee`."""
        data = super().to_representation(instance)
        data["niveau_severite"] = CANONICAL_SEVERITY.get(data["niveau_severite"], data["niveau_severite"])
        data["status"] = CANONICAL_STATUS.get(data["status"], data["status"])
        return data


class SupervisionDeviceSerializer(serializers.ModelSerializer):
    """A device as the supervision console shows it: status, last seen, where it is, open alerts."""

    emplacement_numero = serializers.IntegerField(source="emplacement.numero", read_only=True)
    lock_state = serializers.CharField(source="emplacement.lock_state", read_only=True)
    emplacement_statut = serializers.CharField(source="emplacement.statut", read_only=True)
    borne = serializers.IntegerField(source="emplacement.borne_id", read_only=True)
    borne_numero = serializers.IntegerField(source="emplacement.borne.numero", read_only=True)
    station = serializers.IntegerField(source="emplacement.station_id", read_only=True)
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)
    open_alert_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Device
        fields = (
            "id_device", "emplacement", "emplacement_numero", "emplacement_statut", "lock_state", "borne",
            "borne_numero", "station", "station_nom", "type_device", "status", "last_seen", "firmware_version",
            "firmware_update_status", "ip_address", "open_alert_count",
        )
        read_only_fields = fields


class SensorReadingSerializer(serializers.ModelSerializer):
    """A sensor and its latest reading (`valeur`, `timestamp`, `id_data`; null before the first one)."""

    id_data = serializers.IntegerField(source="latest_id", read_only=True, allow_null=True)
    valeur = serializers.FloatField(source="latest_valeur", read_only=True, allow_null=True)
    timestamp = ApiDateTimeField(source="latest_timestamp", read_only=True, allow_null=True)
    emplacement = serializers.IntegerField(source="device.emplacement_id", read_only=True)
    station = serializers.IntegerField(source="device.emplacement.station_id", read_only=True)
    station_nom = serializers.CharField(source="device.emplacement.station.nom", read_only=True)

    class Meta:
        model = Capteur
        fields = (
            "id_capteur", "device", "emplacement", "station", "station_nom", "type", "unite", "id_data", "valeur",
            "timestamp",
        )
        read_only_fields = fields


_DATETIME = ApiDateTimeField()


def api_rows(rows: Iterable[dict[str, Any]], *datetimes: str) -> list[dict[str, Any]]:
    """`.values()` rows as the API shows them: the datetime fields as DRF's `DateTimeField` writes them."""
    answer = []
    for row in rows:
        for field in datetimes:
            if row[field] is not None:
                row[field] = _DATETIME.to_representation(row[field])
        answer.append(row)
    return answer


def supervision_device_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Device rows of `supervision_snapshot`, shaped as `SupervisionDeviceSerializer` describes them."""
    return api_rows(rows, "last_seen")


def supervision_sensor_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sensor rows of `supervision_snapshot`, shaped as `SensorReadingSerializer` describes them."""
    return api_rows(rows, "timestamp")


class SupervisionSerializer(serializers.Serializer):
    """`{"devices", "alerts", "sensors"}` (schema of the supervision answers)."""

    devices = SupervisionDeviceSerializer(many=True)
    alerts = AlerteSerializer(many=True)
    sensors = SensorReadingSerializer(many=True)


class SupervisionQuerySerializer(serializers.Serializer):
    """Filters of the supervision views: `?station=`, `?severity=`, `?status=` (of the alerts), `?state=` (of
    the devices, and of the sensors' devices)."""

    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    severity = serializers.ChoiceField(choices=AlertSeverity.choices, required=False)
    status = serializers.ChoiceField(choices=AlertStatus.choices, required=False)
    state = serializers.ChoiceField(choices=DeviceStatus.choices, required=False)


class SupervisionSummaryQuerySerializer(serializers.Serializer):
    """Filter of the supervision summary: `?station=`."""

    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _counts(name: str, values: Iterable[str], doc: str) -> type[serializers.Serializer]:
    fields = {str(value): serializers.IntegerField(min_value=0) for value in values}
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc})


DeviceStatusCountsSerializer = _counts(
    "DeviceStatusCountsSerializer", DeviceStatus.values, "Devices per `status` value."
)
AlertSeverityCountsSerializer = _counts(
    "AlertSeverityCountsSerializer", SUMMARY_SEVERITIES, "Open alerts per severity (`critical` counted as `critique`)."
)
AlertStatusCountsSerializer = _counts(
    "AlertStatusCountsSerializer", SUMMARY_STATUSES,
    "Alerts per status (`active` counted as `nouvelle`, `closed` as `fermee`).",
)


class SupervisionDeviceCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    by_status = DeviceStatusCountsSerializer()


class SupervisionAlertCountsSerializer(serializers.Serializer):
    open = serializers.IntegerField(min_value=0, help_text="Alerts `nouvelle` or `prise_en_charge`.")
    by_severity = AlertSeverityCountsSerializer()
    by_status = AlertStatusCountsSerializer()


class SupervisionSummarySerializer(serializers.Serializer):
    """`{"devices": {"total", "by_status"}, "alerts": {"open", "by_severity", "by_status"}}`."""

    devices = SupervisionDeviceCountsSerializer()
    alerts = SupervisionAlertCountsSerializer()


class AlertResolveSerializer(serializers.Serializer):
    """`{"resolution_note"}`: what was done or checked."""

    resolution_note = serializers.CharField(max_length=2000, trim_whitespace=True)

    def validate_resolution_note(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("The resolution note is required."))
        return value


class OverviewReservationSerializer(serializers.ModelSerializer):
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)
    utilisateur_pseudo = serializers.CharField(source="utilisateur.pseudo", read_only=True)

    class Meta:
        model = Reservation
        fields = (
            "id_reservation", "reference_code", "utilisateur_pseudo", "emplacement", "station_nom", "date_debut",
            "date_fin", "statut", "created_at",
        )
        read_only_fields = fields


class OverviewSessionSerializer(serializers.ModelSerializer):
    reference_code = serializers.CharField(source="reservation.reference_code", read_only=True)
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)

    class Meta:
        model = Session
        fields = (
            "id_session", "reference_code", "emplacement", "station_nom", "charge_state", "start_time", "end_time",
            "energie_kwh",
        )
        read_only_fields = fields


class AdminOverviewSerializer(serializers.Serializer):
    """`{"metrics": {...}, "recent": {"reservations", "sessions", "alerts"}}`."""

    metrics = serializers.DictField()
    recent = serializers.SerializerMethodField()

    def get_recent(self, obj: dict[str, Any]) -> dict[str, Any]:
        recent = obj["recent"]
        return {
            "reservations": OverviewReservationSerializer(recent["reservations"], many=True).data,
            "sessions": OverviewSessionSerializer(recent["sessions"], many=True).data,
            "alerts": AlerteSerializer(recent["alerts"], many=True).data,
        }
