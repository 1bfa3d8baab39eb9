"""RFID badges (AuthMethodSerializer of the reference) and the badge-link answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.crypto import normalize_rfid_uid
from api.models import AccessAttempt, Authentification
from api.serializers.fields import ApiDateTimeField

_PUBLIC_METADATA = ("status", "linked_at", "revoked_at", "revoked_reason", "mode")

# A related row that may be missing: read-only, null when absent.
_OPTIONAL: dict[str, Any] = {"read_only": True, "allow_null": True, "default": None}


class AuthMethodSerializer(serializers.ModelSerializer):
    """Serialize stored authentication methods without exposing raw secrets."""

    type_label = serializers.CharField(source="type_auth.libelle", read_only=True)
    display_value = serializers.SerializerMethodField()

    class Meta:
        model = Authentification
        fields = ("id_auth", "type_auth", "type_label", "hash_valeur", "display_value", "metadata", "expiration")
        extra_kwargs = {"hash_valeur": {"write_only": True}, "metadata": {"read_only": True}}

    def get_display_value(self, obj: Authentification) -> str:
        """Return a safe authentication hint."""
        value = obj.display_value or ""
        return value if value.startswith("•") or value == "QR" else ""

    def to_representation(self, instance: Authentification) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Only non-secret bookkeeping leaves the server (never a nonce).
        data["metadata"] = {key: value for key, value in (instance.metadata or {}).items() if key in _PUBLIC_METADATA}
        return data


class LinkCodeSerializer(serializers.Serializer):
    """(ext) The answer of `create_auth_method`."""

    id_auth = serializers.IntegerField()
    code = serializers.CharField()
    expires_at = ApiDateTimeField()


class BadgeRegisterSerializer(serializers.Serializer):
    """(ext) `admin_user_auth_methods` POST: a badge UID and whether the user's other badges are revoked."""

    uid = serializers.CharField(max_length=64, trim_whitespace=True)
    revoke_others = serializers.BooleanField(default=False)

    def validate_uid(self, value: str) -> str:
        normalized = normalize_rfid_uid(value)
        if len(normalized) < 4 or len(normalized) > 32:
            raise serializers.ValidationError(_("Invalid badge identifier."))
        return normalized


class AccessAttemptSerializer(serializers.ModelSerializer):
    """(ext) One entry of `auth_history` (no secret is ever stored in an attempt)."""

    borne_nom = serializers.CharField(source="borne.nom", read_only=True)
    reference_code = serializers.CharField(source="reservation.reference_code", **_OPTIONAL)

    class Meta:
        model = AccessAttempt
        fields = ("id", "created_at", "method", "result", "reason", "borne", "borne_nom", "reservation",
                  "reference_code")
        read_only_fields = fields
