"""(ext) Serializers of the forgotten-password and phone-verification flows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.selectors.verification import password_reset_user
from api.serializers.accounts import checked_password
from api.services.password_reset import InvalidResetToken


class DetailSerializer(serializers.Serializer):
    """(ext) A plain `{"detail": message}` answer."""

    detail = serializers.CharField()


class PasswordResetRequestSerializer(serializers.Serializer):
    """(ext) `password_reset_request`: the account's e-mail address."""

    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    """(ext) `password_reset_confirm`: the link's uid and token, and the new password twice.

    A link that is malformed, used or expired is a 400 `invalid_token` (before the password rules, which
    are checked against the account the link designates).
    """

    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)
    new_password_confirm = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = password_reset_user(uidb64=attrs["uid"], token=attrs["token"])
        if user is None:
            raise InvalidResetToken()
        if attrs["new_password"] != attrs["new_password_confirm"]:
            raise serializers.ValidationError({"new_password_confirm": [_("The passwords do not match.")]})
        try:
            checked_password(attrs["new_password"], user)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"new_password": exc.detail}) from exc
        attrs["user"] = user
        return attrs


class PhoneVerificationSentSerializer(serializers.Serializer):
    """(ext) `phone_verification_send`'s answer: when the code expires, when another may be asked for."""

    expires_at = serializers.DateTimeField()
    resend_after_seconds = serializers.IntegerField()


class PhoneVerificationConfirmSerializer(serializers.Serializer):
    """(ext) `phone_verification_confirm`: the 6-digit code received by SMS."""

    code = serializers.RegexField(r"^\d{6}$", error_messages={"invalid": _("The code has 6 digits.")})
