"""Serializers of the accounts domain: registration, profile, passwords, consents, user administration."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.contrib.auth.password_validation import validate_password as django_validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import JournalSecurite, ProfilUtilisateur, SecurityLogStatus, UserStatus, Utilisateur
from api.selectors.accounts import CONSENT_FIELDS, PSEUDO_RE, email_exists, pseudo_exists
from api.services.accounts import normalize_email, normalize_pseudo

PHONE_REGION = "FR"


def normalize_phone(value: str) -> str:
    """A phone number in E.164 (`06 12 34 56 78` -> `+33612345678`), or "" when none is given."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise serializers.ValidationError(_("Invalid phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise serializers.ValidationError(_("Invalid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _checked_pseudo(value: str, exclude_pk: int | None) -> str:
    pseudo = normalize_pseudo(value)
    if not PSEUDO_RE.match(pseudo):
        raise serializers.ValidationError(
            _("The username must be 3 to 150 characters: letters, digits, dots, hyphens or underscores.")
        )
    if pseudo_exists(pseudo, exclude_pk=exclude_pk):
        raise serializers.ValidationError(_("This username is already taken."))
    return pseudo


def _checked_email(value: str, exclude_pk: int | None) -> str:
    email = normalize_email(value)
    if email_exists(email, exclude_pk=exclude_pk):
        raise serializers.ValidationError(_("This e-mail address is already in use."))
    return email


def checked_password(password: str, user: Utilisateur) -> str:
    try:
        django_validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from exc
    return password


def _profil(obj: Utilisateur) -> ProfilUtilisateur | None:
    return getattr(obj, "profil", None)


class RegisterSerializer(serializers.ModelSerializer):
    """Validate and create accounts from the public registration endpoint."""

    pseudo = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    telephone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})
    cgu_accepted = serializers.BooleanField(write_only=True)
    privacy_policy_accepted = serializers.BooleanField(write_only=True)
    notifications_accepted = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Utilisateur
        fields = ('pseudo', 'email', 'telephone', 'statut', 'password', 'cgu_accepted',
                  'privacy_policy_accepted', 'notifications_accepted')
        extra_kwargs = {'statut': {'required': False}, 'telephone': {'allow_blank': True, 'required': False}}

    def validate_cgu_accepted(self, value: bool) -> bool:
        """Require explicit acceptance of the terms before account creation."""
        if not value:
            raise serializers.ValidationError(_("You must accept the terms of use."))
        return value

    def validate_privacy_policy_accepted(self, value: bool) -> bool:
        """Require explicit acknowledgement of the privacy policy."""
        if not value:
            raise serializers.ValidationError(_("You must accept the privacy policy."))
        return value

    def validate_pseudo(self, value: str) -> str:
        """Normalize and ensure pseudo uniqueness."""
        return _checked_pseudo(value, None)

    def validate_email(self, value: str) -> str:
        """Normalize and ensure email uniqueness."""
        return _checked_email(value, None)

    def validate_telephone(self, value: str) -> str:
        return normalize_phone(value)

    def validate_statut(self, value: str) -> str:
        if value != UserStatus.ACTIVE:
            raise serializers.ValidationError(_("A new account is always active."))
        return value

    def validate_password(self, value: str) -> str:
        """Apply the project's password complexity rules."""
        data = self.initial_data if isinstance(self.initial_data, dict) else {}
        probe = Utilisateur(pseudo=str(data.get("pseudo") or ""), email=str(data.get("email") or ""))
        return checked_password(value, probe)

    def register_arguments(self) -> dict[str, Any]:
        """The validated body as `user_register`'s arguments (the consents apart; `statut` is always active)."""
        data = dict(self.validated_data)
        data.pop("statut", None)
        data["consents"] = {field: bool(data.pop(field, False)) for field in CONSENT_FIELDS}
        return data


class ProfileSerializer(serializers.ModelSerializer):
    """Serialize editable account and profile fields for the current user."""

    # Only the administration may change an account's status (AdminUserUpdateSerializer).
    allow_admin_fields = False

    pseudo = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(max_length=254, required=False)
    telephone = serializers.CharField(source="profil.telephone", max_length=32, allow_blank=True, required=False)
    nom = serializers.CharField(source="profil.nom", max_length=150, allow_blank=True, required=False)
    telephone_verifie = serializers.SerializerMethodField()

    class Meta:
        model = Utilisateur
        fields = ('id_user', 'pseudo', 'email', 'telephone', 'telephone_verifie', 'statut', 'nom', 'is_staff',
                  'is_superuser')
        extra_kwargs = {'is_staff': {'read_only': True}, 'is_superuser': {'read_only': True},
                        'statut': {'required': False}, 'telephone': {'allow_blank': True, 'required': False}}

    def _instance_pk(self) -> int | None:
        return self.instance.pk if isinstance(self.instance, Utilisateur) else None

    def validate_pseudo(self, value: str) -> str:
        return _checked_pseudo(value, self._instance_pk())

    def validate_email(self, value: str) -> str:
        return _checked_email(value, self._instance_pk())

    def validate_telephone(self, value: str) -> str:
        return normalize_phone(value)

    def validate_statut(self, value: str) -> str:
        current = self.instance.statut if isinstance(self.instance, Utilisateur) else UserStatus.ACTIVE
        if not self.allow_admin_fields and value != current:
            raise serializers.ValidationError(_("The account status cannot be changed here."))
        return value

    def get_telephone_verifie(self, obj: Utilisateur) -> bool:
        """Return whether the current profile phone number is verified."""
        profil = _profil(obj)
        return bool(profil and profil.telephone_verifie)


class AdminUserUpdateSerializer(ProfileSerializer):
    """Expose administrative user fields while reusing profile synchronization."""

    allow_admin_fields = True

    class Meta(ProfileSerializer.Meta):
        fields = ('id_user', 'pseudo', 'email', 'telephone', 'telephone_verifie',  # type: ignore[assignment]
                  'statut', 'nom', 'is_active', 'is_staff', 'is_superuser')
        extra_kwargs = {'is_active': {'required': False}, 'is_staff': {'required': False},
                        'is_superuser': {'required': False}, 'statut': {'required': False},
                        'telephone': {'allow_blank': True, 'required': False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:  # creation: the identity is required
            missing = {key: [_("This field is required.")] for key in ("pseudo", "email") if not attrs.get(key)}
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class PasswordChangeSerializer(serializers.Serializer):
    """Validate the payload used to change an authenticated user's password."""

    current_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password_confirm = serializers.CharField(write_only=True, trim_whitespace=False)

    def validate_current_password(self, value: str) -> str:
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(_("Current password is incorrect."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Ensure the new password and confirmation match."""
        if attrs["new_password"] != attrs["new_password_confirm"]:
            raise serializers.ValidationError({"new_password_confirm": [_("The passwords do not match.")]})
        if attrs["new_password"] == attrs["current_password"]:
            raise serializers.ValidationError({"new_password": [_("The new password must be different.")]})
        try:
            checked_password(attrs["new_password"], self.context["request"].user)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"new_password": exc.detail}) from exc
        return attrs


class ConsentPreferenceSerializer(serializers.Serializer):
    """Validate editable consent preferences from the user profile."""

    notifications_accepted = serializers.BooleanField(required=False)
    cgu_accepted = serializers.BooleanField(required=False)
    privacy_policy_accepted = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give at least one consent."))
        for field in ("cgu_accepted", "privacy_policy_accepted"):
            if attrs.get(field) is False:
                raise serializers.ValidationError(
                    {field: [_("The service needs this consent: delete your account to withdraw it.")]}
                )
        return attrs


class AdminUserSerializer(serializers.ModelSerializer):
    """Serialize user records for administrative list and detail views."""

    nom = serializers.SerializerMethodField()
    telephone = serializers.SerializerMethodField()
    telephone_verifie = serializers.SerializerMethodField()
    is_technician = serializers.SerializerMethodField()

    class Meta:
        model = Utilisateur
        fields = ('id_user', 'pseudo', 'email', 'telephone', 'telephone_verifie', 'statut', 'is_active', 'is_staff',
                  'is_superuser', 'last_login', 'date_joined', 'nom', 'is_technician')

    def get_nom(self, obj: Utilisateur) -> str:
        """Return the display name stored on the related profile."""
        profil = _profil(obj)
        return profil.nom if profil else ""

    def get_telephone(self, obj: Utilisateur) -> str:
        """Return the phone number stored on the related profile."""
        profil = _profil(obj)
        return profil.telephone if profil else ""

    def get_telephone_verifie(self, obj: Utilisateur) -> bool:
        """Return whether the phone number stored on the related profile is verified."""
        profil = _profil(obj)
        return bool(profil and profil.telephone_verifie)

    def get_is_technician(self, obj: Utilisateur) -> bool:
        """Return whether the user is linked to a technician profile."""
        return getattr(obj, "technicien_profile", None) is not None


class LoginSerializer(serializers.Serializer):
    """(ext) Login payload: the pseudo (an e-mail address is accepted too) and the password."""

    pseudo = serializers.CharField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=1024)


class RegisterAvailabilityQuerySerializer(serializers.Serializer):
    """(ext) Query of `register_availability`: a pseudo, an e-mail address, or both."""

    pseudo = serializers.CharField(max_length=150, required=False)
    email = serializers.CharField(max_length=254, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("pseudo") and not attrs.get("email"):
            raise serializers.ValidationError(_("Give a username or an e-mail address."))
        return attrs



class SecurityJournalEntrySerializer(serializers.ModelSerializer):
    """(ext) One line of a user's security journal (never a secret): who acted, what, when, from where."""

    actor = serializers.IntegerField(source="utilisateur_id", read_only=True, allow_null=True)
    actor_pseudo = serializers.CharField(source="utilisateur.pseudo", read_only=True, allow_null=True, default=None)

    class Meta:
        model = JournalSecurite
        fields = ("id_log", "date_action", "action", "statut", "ip", "actor", "actor_pseudo", "details")
        read_only_fields = fields


class SecurityJournalQuerySerializer(serializers.Serializer):
    """(ext) Filters of `admin_user_journal`: `?action=` (a prefix), `?statut=`."""

    action = serializers.CharField(required=False, allow_blank=True, max_length=100)
    statut = serializers.ChoiceField(choices=SecurityLogStatus.choices, required=False)
