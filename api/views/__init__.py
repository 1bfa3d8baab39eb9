"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .admin_reservations import (
    admin_cancel_reservation,
    admin_reservation_access_payload,
    admin_reservations,
    admin_revoke_reservation_access,
)
from .auth_methods import (
    admin_revoke_user_auth_method,
    admin_user_auth_methods,
    auth_history,
    auth_methods,
    create_auth_method,
    delete_auth_method,
)
from .health import health, health_ready
from .reservations import (
    cancel_reservation,
    reservation_access_payload,
    reservation_availability,
    reservations,
    send_reservation_access_code,
)

__all__ = [
    "OptionalPageNumberPagination",
    "health",
    "health_ready",
    # --- booking ---
    "admin_cancel_reservation",
    "admin_reservation_access_payload",
    "admin_reservations",
    "admin_revoke_reservation_access",
    "admin_revoke_user_auth_method",
    "admin_user_auth_methods",
    "auth_history",
    "auth_methods",
    "cancel_reservation",
    "create_auth_method",
    "delete_auth_method",
    "reservation_access_payload",
    "reservation_availability",
    "reservations",
    "send_reservation_access_code",
]
