"""Kiosk, phone pairing, offline and admin session shapes (api.md "Defaults ... and response shapes")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import MobileSessionStatus, OfflineEventKind, ReservationAuthChoice, Session
from api.serializers.fields import ApiDateTimeField

MAX_OFFLINE_EVENTS = 500


class TerminalAuthenticateSerializer(serializers.Serializer):
    """`{method, value, emplacement_numero?}` presented at a kiosk."""

    method = serializers.ChoiceField(choices=ReservationAuthChoice.choices)
    value = serializers.CharField(max_length=256, trim_whitespace=True)
    emplacement_numero = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class TerminalSessionOpenedSerializer(serializers.Serializer):
    """The 201 answer of `terminal_authenticate` and both consume views."""

    id_session = serializers.IntegerField()
    charge_state = serializers.CharField()
    reference_code = serializers.CharField()
    emplacement_numero = serializers.IntegerField()
    command_id = serializers.CharField()


class TerminalStopSerializer(serializers.Serializer):
    """The answer of `terminal_stop_session`: the session is `stopping` until the device acks."""

    id_session = serializers.IntegerField()
    charge_state = serializers.CharField()
    command_id = serializers.CharField()


class TerminalRfidLinkSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    uid = serializers.CharField(max_length=64)


class MobileSessionCreatedSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = ApiDateTimeField()
    qr_payload = serializers.CharField()


class MobileSessionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MobileSessionStatus.choices)
    id_reservation = serializers.IntegerField(allow_null=True)


class MobileSessionTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=128)


class MobileSessionAuthorizeSerializer(serializers.Serializer):
    id_reservation = serializers.IntegerField(min_value=1)


class OfflineEventSerializer(serializers.Serializer):
    """One event recorded by a kiosk while offline; the fields its `kind` needs are required."""

    REQUIRED = {
        OfflineEventKind.SESSION_STARTED: ("reference_code", "emplacement_numero", "method"),
        OfflineEventKind.SESSION_STOPPED: ("reference_code", "energie_kwh"),
        OfflineEventKind.AUTH_REFUSED: ("method", "reason"),
    }

    event_id = serializers.CharField(max_length=64)
    occurred_at = ApiDateTimeField()
    kind = serializers.ChoiceField(choices=OfflineEventKind.choices)
    reference_code = serializers.CharField(max_length=32, required=False)
    emplacement_numero = serializers.IntegerField(min_value=1, required=False)
    method = serializers.ChoiceField(choices=ReservationAuthChoice.choices, required=False)
    energie_kwh = serializers.FloatField(min_value=0, max_value=10000, required=False, allow_null=True)
    reason = serializers.CharField(max_length=64, required=False)
    command_id = serializers.UUIDField(
        required=False, allow_null=True,
        help_text="(ext) session_started/session_stopped: the id of the unlock/stop_charge the kiosk published "
                  "itself (docs/offline.md).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = [name for name in self.REQUIRED[attrs["kind"]] if name not in attrs]
        if missing:
            raise serializers.ValidationError({name: [_("This field is required.")] for name in missing})
        return attrs


class OfflineEventsSerializer(serializers.Serializer):
    events = serializers.ListField(child=OfflineEventSerializer(), allow_empty=False, max_length=MAX_OFFLINE_EVENTS)


class OfflineEventResultSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    result = serializers.CharField()


class OfflineEventsResultSerializer(serializers.Serializer):
    results = OfflineEventResultSerializer(many=True)


class OfflineCacheEntrySerializer(serializers.Serializer):
    reference_code = serializers.CharField()
    emplacement_numero = serializers.IntegerField()
    method = serializers.CharField()
    access_from = ApiDateTimeField()
    date_debut = ApiDateTimeField()
    date_fin = ApiDateTimeField()
    check_hash = serializers.CharField(allow_null=True)
    badge_hashes = serializers.ListField(child=serializers.CharField())


class OfflineBadgeKeySerializer(serializers.Serializer):
    """The fleet's offline badge key, AES-256-GCM-wrapped under the kiosk's own key (docs/offline.md)."""

    key_id = serializers.CharField()
    algorithm = serializers.CharField()
    nonce = serializers.CharField()
    ciphertext = serializers.CharField()


class OfflineCacheSerializer(serializers.Serializer):
    """The signed document (shape only, for the schema: the view answers the signed dict as is)."""

    borne = serializers.IntegerField()
    version = serializers.CharField()
    generated_at = ApiDateTimeField()
    valid_until = ApiDateTimeField()
    algorithm = serializers.CharField()
    badge_key = OfflineBadgeKeySerializer()
    entries = OfflineCacheEntrySerializer(many=True)
    signature = serializers.CharField()


class AdminSessionSerializer(serializers.ModelSerializer):
    """A charging session in the administration lists."""

    reference_code = serializers.CharField(source="reservation.reference_code", read_only=True)
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)

    class Meta:
        model = Session
        fields = ("id_session", "reference_code", "emplacement", "station_nom", "charge_state", "start_time",
                  "end_time", "energie_kwh")
        read_only_fields = fields
