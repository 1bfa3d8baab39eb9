"""Serializers, split by domain and re-exported here (`api.serializers.X`)."""

from .accounts import (
    AdminUserSerializer,
    AdminUserUpdateSerializer,
    ConsentPreferenceSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    ProfileSerializer,
    RegisterAvailabilityQuerySerializer,
    RegisterSerializer,
)

__all__: list[str] = [
    # --- accounts ---
    "AdminUserSerializer",
    "AdminUserUpdateSerializer",
    "ConsentPreferenceSerializer",
    "LoginSerializer",
    "PasswordChangeSerializer",
    "ProfileSerializer",
    "RegisterAvailabilityQuerySerializer",
    "RegisterSerializer",
]
