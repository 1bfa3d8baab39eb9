"""The shapes of `terminal_cabinet` (the kiosk's own cabinet) and `terminal_session_detail` (a session of it)."""

from __future__ import annotations

from rest_framework import serializers

from api.models import BorneStatus, ChargeSessionState, CommandStatus, DeviceStatus, EmplacementStatus, LockState
from api.serializers.fields import ApiDateTimeField


class KioskTelemetrySerializer(serializers.Serializer):
    """The latest sample: current (A), voltage (V), cumulative energy (kWh), power (kW) and its time."""

    courant = serializers.FloatField()
    tension = serializers.FloatField()
    energie_kwh = serializers.FloatField()
    puissance_kw = serializers.FloatField()
    timestamp = ApiDateTimeField()
    seq = serializers.IntegerField(allow_null=True)


class KioskCommandSerializer(serializers.Serializer):
    """The session's latest device command (e.g. the `unlock` of its opening) and where it stands."""

    command_id = serializers.CharField()
    action = serializers.CharField()
    status = serializers.ChoiceField(choices=CommandStatus.choices)
    issued_by = serializers.CharField(help_text="Who made the command: `backend`, or `kiosk` (offline).")
    message = serializers.CharField(allow_blank=True)
    updated_at = ApiDateTimeField()


class KioskSessionSerializer(serializers.Serializer):
    """`plug_deadline` is set while the bay waits for the plug (the session ends in error after it)."""

    id_session = serializers.IntegerField()
    reference_code = serializers.CharField()
    emplacement_numero = serializers.IntegerField()
    charge_state = serializers.ChoiceField(choices=ChargeSessionState.choices)
    charge_state_updated_at = ApiDateTimeField()
    start_time = ApiDateTimeField()
    end_time = ApiDateTimeField(allow_null=True)
    date_fin = ApiDateTimeField(help_text="End of the reservation's window.")
    energie_kwh = serializers.FloatField(allow_null=True)
    courant = serializers.FloatField(allow_null=True, help_text="A, latest sample.")
    tension = serializers.FloatField(allow_null=True, help_text="V, latest sample.")
    puissance_kw = serializers.FloatField(allow_null=True, help_text="kW while charging, else null.")
    max_courant = serializers.FloatField(allow_null=True)
    plug_deadline = ApiDateTimeField(allow_null=True)
    error_reason = serializers.CharField(allow_blank=True)
    telemetry = KioskTelemetrySerializer(allow_null=True)
    last_command = KioskCommandSerializer(allow_null=True)


class KioskBorneSerializer(serializers.Serializer):
    id_borne = serializers.IntegerField()
    numero = serializers.IntegerField()
    nom = serializers.CharField(allow_blank=True)
    statut = serializers.ChoiceField(choices=BorneStatus.choices)


class KioskStationSerializer(serializers.Serializer):
    id_station = serializers.IntegerField()
    nom = serializers.CharField()
    localisation_text = serializers.CharField(allow_blank=True)


class KioskBaySerializer(serializers.Serializer):
    numero = serializers.IntegerField()
    statut = serializers.ChoiceField(choices=EmplacementStatus.choices)
    lock_state = serializers.ChoiceField(choices=LockState.choices)
    device_status = serializers.ChoiceField(choices=DeviceStatus.choices, allow_null=True)
    open_session = serializers.IntegerField(allow_null=True, help_text="The id of the session open on this bay.")


class KioskCabinetSerializer(serializers.Serializer):
    """The provisioning check's answer: which cabinet this key is, its bays and the kiosk's rules."""

    borne = KioskBorneSerializer()
    station = KioskStationSerializer()
    emplacements = KioskBaySerializer(many=True)
    early_access_minutes = serializers.IntegerField()
    plug_timeout_seconds = serializers.IntegerField()
    offline_cache_hours = serializers.IntegerField()


class KioskBrokerBaySerializer(serializers.Serializer):
    numero = serializers.IntegerField()
    cmd = serializers.CharField(help_text="Where the kiosk publishes this bay's commands.")
    ack = serializers.CharField()
    state = serializers.CharField()


class KioskBrokerSerializer(serializers.Serializer):
    """The kiosk's own broker account (MQTT over WebSocket), limited by its ACL to its cabinet."""

    url = serializers.CharField(allow_null=True, help_text="ws:// or wss:// URL; null when none is configured.")
    username = serializers.CharField()
    password = serializers.CharField(help_text="Changes when the terminal key is rotated.")
    mqtt_prefix = serializers.CharField()
    publish = serializers.ListField(child=serializers.CharField(), help_text="Topic filters it may publish to.")
    subscribe = serializers.ListField(child=serializers.CharField(), help_text="Topic filters it may read.")
    bays = KioskBrokerBaySerializer(many=True)
