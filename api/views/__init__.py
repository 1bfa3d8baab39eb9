"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .account import change_password, consentements, dashboard, export_account, profile
from .admin_users import admin_reset_user_password, admin_user_detail, admin_users
from .auth import login, logout, me, refresh_token, register, register_availability
from .health import health, health_ready

__all__ = [
    "OptionalPageNumberPagination",
    "health",
    "health_ready",
    # --- accounts ---
    "admin_reset_user_password",
    "admin_user_detail",
    "admin_users",
    "change_password",
    "consentements",
    "dashboard",
    "export_account",
    "login",
    "logout",
    "me",
    "profile",
    "refresh_token",
    "register",
    "register_availability",
]
