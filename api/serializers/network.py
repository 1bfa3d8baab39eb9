"""Serializers of the physical network: stations, cabinets (bornes), bays (emplacements), devices, catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import Borne, Device, Emplacement, FirmwareUpdateStatus, Station, TerminalKey, default_mqtt_prefix

# Devices report `up_to_date`, `updating` and `failed` themselves (device-protocol.md, OTA progress);
# an operator may only mark the states that prepare or flag an update.
ADMIN_EDITABLE_FIRMWARE_STATUSES = (
    FirmwareUpdateStatus.UNKNOWN,
    FirmwareUpdateStatus.UPDATE_REQUIRED,
    FirmwareUpdateStatus.UPDATE_SCHEDULED,
)

_MAC_HEX = re.compile(r"^[0-9A-F]{12}$")


def normalize_mac(value: str) -> str:
    """`aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or `AA:BB:...` -> `AA:BB:CC:DD:EE:FF`; blank stays blank."""
    raw = re.sub(r"[\s:.\-]", "", value or "").upper()
    if not raw:
        return ""
    if not _MAC_HEX.match(raw):
        raise serializers.ValidationError(_("Invalid MAC address (expected: AA:BB:CC:DD:EE:FF)."))
    return ":".join(raw[i : i + 2] for i in range(0, 12, 2))


class NoUniqueTogetherMixin:
    """Uniqueness across several fields is checked in `validate` with clear messages, not DRF's generic one."""

    def get_unique_together_validators(self) -> list[Any]:
        return []


class StationSerializer(serializers.ModelSerializer):
    """Serialize charging station records for catalog and admin views."""

    class Meta:
        model = Station
        fields = ("id_station", "nom", "localisation_text", "latitude", "longitude", "statut")

    def validate_latitude(self, value: Any) -> Any:
        if value is not None and not -90 <= value <= 90:
            raise serializers.ValidationError(_("The latitude must be between -90 and 90."))
        return value

    def validate_longitude(self, value: Any) -> Any:
        if value is not None and not -180 <= value <= 180:
            raise serializers.ValidationError(_("The longitude must be between -180 and 180."))
        return value


class BorneSerializer(NoUniqueTogetherMixin, serializers.ModelSerializer):
    """Serialize physical kiosk/cabinet records with their station label."""

    station_nom = serializers.CharField(source="station.nom", read_only=True)
    emplacements_count = serializers.SerializerMethodField()

    # Declared to replace DRF's generic unique validator by the check in `validate`.
    mqtt_prefix = serializers.CharField(max_length=128, allow_blank=True, required=False)

    class Meta:
        model = Borne
        fields = ("id_borne", "station", "station_nom", "numero", "nom", "mqtt_prefix", "statut", "emplacements_count")
        extra_kwargs = {
            "mqtt_prefix": {"allow_blank": True, "required": False},
            "station": {"required": True},
            "statut": {"required": False},
        }

    # (ext) Beside the documented fields, read only: how the cabinet is linked (MQTT devices or an OCPP
    # charger) and its charger's identity; `POST/DELETE /api/admin/bornes/<id>/ocpp/` changes them.
    EXTRA_READ_ONLY = ("link_kind", "ocpp_identity")

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        names = list(super().get_field_names(declared_fields, info))
        return names + [name for name in self.EXTRA_READ_ONLY if name not in names]

    def get_extra_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_extra_kwargs()
        return {**kwargs, **{name: {"read_only": True} for name in self.EXTRA_READ_ONLY}}

    def get_emplacements_count(self, obj: Borne) -> int:
        """Return the number of charging bays attached to the cabinet."""
        annotated = getattr(obj, "annotated_emplacements_count", None)
        return annotated if annotated is not None else obj.emplacements.count()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance: Borne | None = self.instance
        station = attrs.get("station", instance.station if instance else None)
        numero = attrs.get("numero", instance.numero if instance else None)
        if station is None or numero is None:
            return attrs
        others = Borne.objects.exclude(pk=instance.pk) if instance else Borne.objects.all()
        if others.filter(station=station, numero=numero).exists():
            raise serializers.ValidationError(
                {"numero": _("Kiosk number %(numero)s already exists in this station.") % {"numero": numero}}
            )
        if "mqtt_prefix" in attrs or instance is None:
            prefix = (attrs.get("mqtt_prefix") or "").strip().strip("/")
            prefix = prefix or default_mqtt_prefix(station.pk, numero)
            if others.filter(mqtt_prefix=prefix).exists():
                raise serializers.ValidationError(
                    {"mqtt_prefix": _("The MQTT prefix %(prefix)s is already used by another kiosk.")
                     % {"prefix": prefix}}
                )
            attrs["mqtt_prefix"] = prefix
        return attrs


class EmplacementSerializer(NoUniqueTogetherMixin, serializers.ModelSerializer):
    """Serialize charging bay records with their station and cabinet labels."""

    station_nom = serializers.CharField(source="station.nom", read_only=True)
    borne_nom = serializers.CharField(source="borne.nom", read_only=True)
    borne_numero = serializers.IntegerField(source="borne.numero", read_only=True)

    class Meta:
        model = Emplacement
        fields = (
            "id_emplacement", "station", "station_nom", "borne", "borne_nom", "borne_numero", "numero", "statut",
            "lock_state",
        )
        extra_kwargs = {"borne": {"required": False}, "station": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Derive the station from the selected cabinet and keep both aligned."""
        instance: Emplacement | None = self.instance
        borne: Borne | None = attrs.get("borne")
        station: Station | None = attrs.get("station")
        if borne is not None:
            if station is not None and station.pk != borne.station_id:
                raise serializers.ValidationError({"station": _("The chosen kiosk does not belong to this station.")})
            attrs["station"] = borne.station
        elif station is not None:
            if instance is not None and instance.station_id == station.pk:
                borne = instance.borne
            else:
                borne = Borne.default_for_station(station)
            attrs["borne"] = borne
        elif instance is None:
            raise serializers.ValidationError({"borne": _("Give the bay's kiosk (or station).")})
        borne = attrs.get("borne", instance.borne if instance else None)
        numero = attrs.get("numero", instance.numero if instance else None)
        others = Emplacement.objects.exclude(pk=instance.pk) if instance else Emplacement.objects.all()
        if borne is not None and numero is not None and others.filter(borne=borne, numero=numero).exists():
            raise serializers.ValidationError(
                {"numero": _("Bay number %(numero)s already exists on this kiosk.") % {"numero": numero}}
            )
        return attrs


class DeviceAdminSerializer(serializers.ModelSerializer):
    """Serialize ESP32 inventory and firmware policy fields for admins."""

    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)
    borne_nom = serializers.CharField(source="emplacement.borne.nom", read_only=True)
    borne_numero = serializers.IntegerField(source="emplacement.borne.numero", read_only=True)
    emplacement_numero = serializers.IntegerField(source="emplacement.numero", read_only=True)
    effective_expected_firmware_version = serializers.SerializerMethodField()
    firmware_update_required = serializers.SerializerMethodField()
    # Declared to normalize first and answer a clear uniqueness error (see validate_*).
    mac_address = serializers.CharField(max_length=32, allow_blank=True, required=False)
    hardware_mac = serializers.CharField(max_length=32, allow_blank=True, required=False)

    class Meta:
        model = Device
        fields = (
            "id_device", "emplacement", "station_nom", "borne_nom", "borne_numero", "emplacement_numero",
            "type_device", "slot_id", "mac_address", "hardware_mac", "ip_address", "status", "last_seen",
            "firmware_version", "expected_firmware_version", "effective_expected_firmware_version",
            "firmware_update_status", "firmware_update_required", "ota_target_version", "ota_update_url",
            "ota_requested_at", "ota_completed_at", "ota_last_error",
        )
        read_only_fields = (
            "id_device", "station_nom", "borne_nom", "borne_numero", "emplacement_numero", "last_seen",
            "firmware_version", "firmware_update_required", "ota_requested_at", "ota_completed_at",
        )
        extra_kwargs = {
            "expected_firmware_version": {"allow_blank": True, "required": False},
            "firmware_update_status": {"required": False},
            "ota_last_error": {"allow_blank": True, "required": False},
            "ota_target_version": {"allow_blank": True, "required": False},
            "ota_update_url": {"allow_blank": True, "required": False},
        }

    def get_effective_expected_firmware_version(self, obj: Device) -> str:
        """Return the device override or global firmware target."""
        return obj.expected_firmware_version or settings.FIRMWARE_TARGET_VERSION or ""

    def get_firmware_update_required(self, obj: Device) -> bool:
        """Return whether the device firmware differs from the expected version."""
        target = self.get_effective_expected_firmware_version(obj)
        return bool(target and obj.firmware_version and obj.firmware_version != target)

    def validate_firmware_update_status(self, value: str) -> str:
        """Allow admins to edit only operational OTA status values."""
        current = self.instance.firmware_update_status if self.instance else None
        if value != current and value not in ADMIN_EDITABLE_FIRMWARE_STATUSES:
            raise serializers.ValidationError(
                _("This status is reported by the device; values you can set: %(allowed)s.")
                % {"allowed": ", ".join(ADMIN_EDITABLE_FIRMWARE_STATUSES)}
            )
        return value

    def validate_emplacement(self, value: Emplacement) -> Emplacement:
        if self.instance is not None and value.pk != self.instance.emplacement_id:
            raise serializers.ValidationError(_("A device stays attached to its bay."))
        return value

    def _unique_mac(self, value: str, field: str) -> str:
        mac = normalize_mac(value)
        others = Device.objects.exclude(pk=self.instance.pk) if self.instance else Device.objects.all()
        if mac and others.filter(**{field: mac}).exists():
            raise serializers.ValidationError(_("This MAC address is already assigned to another device."))
        return mac

    def validate_mac_address(self, value: str) -> str:
        return self._unique_mac(value, "mac_address")

    def validate_hardware_mac(self, value: str) -> str:
        return self._unique_mac(value, "hardware_mac")


class CatalogEmplacementSerializer(serializers.ModelSerializer):
    """(ext) A bay in the booking catalog: its number and live status."""

    class Meta:
        model = Emplacement
        fields = ("id_emplacement", "numero", "statut")


class CatalogBorneSerializer(serializers.ModelSerializer):
    """(ext) A cabinet in the booking catalog with its bays."""

    emplacements = CatalogEmplacementSerializer(many=True, read_only=True)

    class Meta:
        model = Borne
        fields = ("id_borne", "numero", "nom", "statut", "emplacements")


def catalog_station_rows(stations: Iterable[Station], cabinets: Mapping[int, list[dict[str, Any]]]) -> list[Any]:
    """`CatalogStationSerializer`'s shape: each station's fields, its cabinets and bays given as rows."""
    rows = StationSerializer(stations, many=True).data
    for row in rows:
        row["bornes"] = cabinets.get(row["id_station"], [])
    return list(rows)


class CatalogStationSerializer(StationSerializer):
    """(ext) A station of `stations_catalog`: the `StationSerializer` fields plus cabinets and bays."""

    bornes = CatalogBorneSerializer(many=True, read_only=True)

    class Meta:
        model = Station
        fields = ("id_station", "nom", "localisation_text", "latitude", "longitude", "statut", "bornes")


PROVISIONING_KIND = "borne-kiosk-provisioning"


def kiosk_provisioning_payload(*, api_base: str, borne: Borne, terminal_key: str) -> str:
    """(ext) What the provisioning QR code holds, shown once with the key: compact JSON
    `{"kind", "v", "api", "borne", "station", "numero", "key"}` a kiosk scans to configure itself
    (`api`: the API's absolute base URL, `key`: for `Authorization: Terminal <key>`)."""
    return json.dumps({"kind": PROVISIONING_KIND, "v": 1, "api": api_base, "borne": borne.pk,
                       "station": borne.station_id, "numero": borne.numero, "key": terminal_key},
                      separators=(",", ":"))


class TerminalKeyStateSerializer(serializers.ModelSerializer):
    """(ext) The state of a cabinet's kiosk key (never the key): its prefix, dates, whether it works."""

    is_active = serializers.BooleanField(read_only=True)
    borne_numero = serializers.IntegerField(source="borne.numero", read_only=True)
    borne_nom = serializers.CharField(source="borne.nom", read_only=True)
    station = serializers.IntegerField(source="borne.station_id", read_only=True)
    station_nom = serializers.CharField(source="borne.station.nom", read_only=True)

    class Meta:
        model = TerminalKey
        fields = ("borne", "borne_numero", "borne_nom", "station", "station_nom", "key_prefix", "created_at",
                  "last_used_at", "revoked_at", "is_active")
        read_only_fields = fields
