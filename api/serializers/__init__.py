"""Serializers, split by domain and re-exported here (`api.serializers.X`)."""

# --- booking ---
from .auth_methods import AuthMethodSerializer
from .reservations import ReservationCreateSerializer, ReservationSerializer

__all__: list[str] = [
    # --- booking ---
    "AuthMethodSerializer",
    "ReservationCreateSerializer",
    "ReservationSerializer",
]
