"""Reservations: the reference's ReservationSerializer / ReservationCreateSerializer, and bay availability."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import Emplacement, Reservation, ReservationAuthChoice
from api.serializers.fields import ApiDateTimeField
from api.serializers.network import EmplacementSerializer
from api.services.credentials import CODE_DISPLAY, QR_DISPLAY
from api.services.reservations import can_cancel


class ReservationSerializer(serializers.ModelSerializer):
    """Serialize reservations with station, bay and authentication metadata."""

    utilisateur_pseudo = serializers.CharField(source="utilisateur.pseudo", read_only=True)
    emplacement_numero = serializers.IntegerField(source="emplacement.numero", read_only=True)
    station_nom = serializers.CharField(source="emplacement.station.nom", read_only=True)
    borne_nom = serializers.CharField(source="emplacement.borne.nom", read_only=True)
    borne_numero = serializers.IntegerField(source="emplacement.borne.numero", read_only=True)
    auth_mode = serializers.CharField(source="auth_choice", read_only=True)
    auth_type = serializers.SerializerMethodField()
    auth_display_value = serializers.SerializerMethodField()
    auth_expiration = serializers.SerializerMethodField()
    auth_is_active = serializers.SerializerMethodField()
    duration_minutes = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = (
            "id_reservation", "reference_code", "utilisateur", "utilisateur_pseudo", "emplacement",
            "emplacement_numero", "station_nom", "borne_nom", "borne_numero", "authentification", "auth_mode",
            "auth_type", "auth_display_value", "auth_expiration", "auth_is_active", "date_debut", "date_fin",
            "duration_minutes", "statut", "can_cancel",
        )
        extra_kwargs = {"authentification": {"read_only": True}, "utilisateur": {"read_only": True}}

    def get_auth_type(self, obj: Reservation) -> str:
        auth = obj.authentification
        return auth.type_auth.libelle if auth is not None else obj.auth_choice

    def get_auth_expiration(self, obj: Reservation) -> str | None:
        auth = obj.authentification
        if auth is None or auth.expiration is None:
            return None
        return ApiDateTimeField().to_representation(auth.expiration)

    def get_auth_is_active(self, obj: Reservation) -> bool:
        return bool(obj.authentification is not None and obj.authentification.is_active)

    def get_can_cancel(self, obj: Reservation) -> bool:
        """Return whether the reservation can still be cancelled by a user."""
        return can_cancel(obj)

    def get_duration_minutes(self, obj: Reservation) -> int:
        """Return the reservation duration in minutes."""
        return int((obj.date_fin - obj.date_debut).total_seconds() // 60)

    def get_auth_display_value(self, obj: Reservation) -> str:
        """Return an authentication hint without leaking raw RFID identifiers."""
        if obj.auth_choice == ReservationAuthChoice.CODE:
            return CODE_DISPLAY
        if obj.auth_choice == ReservationAuthChoice.QR:
            return QR_DISPLAY
        auth = obj.authentification
        return auth.display_value if auth is not None and auth.display_value.startswith("•") else ""


class BayIdField(serializers.PrimaryKeyRelatedField):
    """A bay's id, as `PrimaryKeyRelatedField` describes and words it, but checked without a query: the booking
    reads the bay itself (`reservation_create`), and `does_not_exist` words its answer when there is none."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | str | float):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            value = int(data)
        except (TypeError, ValueError, OverflowError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < value < 2**63:  # no such row: the answer the queryset's lookup would give
            self.fail("does_not_exist", pk_value=data)
        return value


class ReservationCreateSerializer(serializers.Serializer):
    """Validate reservation creation input from the user-facing API."""

    emplacement = BayIdField(queryset=Emplacement.objects.all())
    date_debut = ApiDateTimeField()
    date_fin = ApiDateTimeField(required=False)
    duration_minutes = serializers.IntegerField(required=False, min_value=1)
    auth_choice = serializers.ChoiceField(choices=ReservationAuthChoice.choices)

    def bay_not_found(self) -> serializers.ValidationError:
        """The 400 `emplacement` gives for an id naming no bay (`{"emplacement": ["Invalid pk ..."]}`), as
        `PrimaryKeyRelatedField` words it."""
        pk_value = self.initial_data.get("emplacement") if isinstance(self.initial_data, dict) else None
        message = self.fields["emplacement"].error_messages["does_not_exist"].format(pk_value=pk_value)
        return serializers.ValidationError({"emplacement": [message]}, code="does_not_exist")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Validate or derive the reservation end from an allowed duration."""
        allowed = list(settings.RESERVATION_ALLOWED_DURATIONS)
        start = attrs["date_debut"]
        duration = attrs.get("duration_minutes")
        end = attrs.get("date_fin")
        if duration is None and end is None:
            raise serializers.ValidationError({"duration_minutes": [_("Give date_fin or duration_minutes.")]})
        if duration is None:
            seconds = (end - start).total_seconds()
            duration = int(seconds // 60) if seconds > 0 and seconds % 60 == 0 else -1
            field = "date_fin"
        else:
            field = "duration_minutes"
        if duration not in allowed:
            raise serializers.ValidationError(
                {field: [_("Duration not allowed. Possible durations (minutes): %(d)s.") % {
                    "d": ", ".join(str(value) for value in allowed)}]}
            )
        derived = start + timedelta(minutes=duration)
        if end is not None and end != derived:
            raise serializers.ValidationError({"date_fin": [_("date_fin does not match duration_minutes.")]})
        attrs["date_fin"] = derived
        attrs["duration_minutes"] = duration
        return attrs


class AvailabilityQuerySerializer(serializers.Serializer):
    """(ext) The slot asked to `reservation_availability`: `date_debut` and `date_fin` or `duration_minutes`."""

    date_debut = ApiDateTimeField()
    date_fin = ApiDateTimeField(required=False)
    duration_minutes = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("date_fin") is None:
            if attrs.get("duration_minutes") is None:
                raise serializers.ValidationError({"date_fin": [_("Give date_fin or duration_minutes.")]})
            attrs["date_fin"] = attrs["date_debut"] + timedelta(minutes=attrs["duration_minutes"])
        if attrs["date_fin"] <= attrs["date_debut"]:
            raise serializers.ValidationError({"date_fin": [_("The end must come after the start.")]})
        return attrs


# The EmplacementSerializer fields; switch BayAvailabilitySerializer's base to EmplacementSerializer when
# the network domain lands (then only `available` stays here).
class BayAvailabilitySerializer(EmplacementSerializer):
    """(ext) One bay of `reservation_availability`: the EmplacementSerializer fields and `available`."""

    available = serializers.SerializerMethodField()

    class Meta(EmplacementSerializer.Meta):
        fields = (*EmplacementSerializer.Meta.fields, "available")  # type: ignore[assignment]
        read_only_fields = fields

    def get_available(self, obj: Emplacement) -> bool:
        return bool(self.context.get("available", {}).get(obj.pk, False))


class AccessPayloadSerializer(serializers.Serializer):
    """(ext) The answer of `reservation_access_payload`."""

    auth_mode = serializers.ChoiceField(choices=ReservationAuthChoice.choices)
    code = serializers.CharField(required=False)
    qr_payload = serializers.CharField(required=False)
    qr_svg = serializers.CharField(required=False)
    expiration = ApiDateTimeField(allow_null=True)
