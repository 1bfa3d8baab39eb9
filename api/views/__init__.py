"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .account import change_password, consentements, dashboard, export_account, profile
from .admin_devices_ota import admin_device_schedule_ota
from .admin_network import (
    admin_borne_detail,
    admin_borne_terminal_key,
    admin_bornes,
    admin_device_detail,
    admin_devices,
    admin_emplacement_detail,
    admin_emplacements,
    admin_station_detail,
    admin_stations,
    admin_terminal_keys,
)
from .admin_ocpp import admin_borne_ocpp
from .admin_reservations import (
    admin_cancel_reservation,
    admin_reservation_access_payload,
    admin_reservations,
    admin_revoke_reservation_access,
)
from .admin_sessions import admin_sessions
from .admin_technicians import (
    admin_maintenance_detail,
    admin_maintenances,
    admin_technician_detail,
    admin_technician_station_assignment_detail,
    admin_technician_station_assignments,
    admin_technicians,
)
from .admin_users import admin_reset_user_password, admin_user_detail, admin_user_journal, admin_users
from .auth import login, logout, me, refresh_token, register, register_availability
from .auth_methods import (
    admin_revoke_user_auth_method,
    admin_user_auth_methods,
    auth_history,
    auth_methods,
    create_auth_method,
    delete_auth_method,
)
from .catalog import stations_catalog
from .exports import (
    admin_export_reservations,
    admin_export_sessions,
    technician_export_reservations,
    technician_export_sessions,
)
from .health import health, health_ready
from .mobile import (
    mobile_session_authorize,
    mobile_session_detail,
    terminal_consume_mobile_session,
    terminal_consume_mobile_session_from_body,
    terminal_create_mobile_session,
    terminal_mobile_session_status,
    terminal_mobile_session_status_from_body,
)
from .password_reset import password_reset_confirm, password_reset_request
from .phone_verification import phone_verification_confirm, phone_verification_send
from .reservations import (
    cancel_reservation,
    reservation_access_payload,
    reservation_availability,
    reservations,
    send_reservation_access_code,
)
from .session_telemetry import admin_session_telemetry, technician_session_telemetry
from .supervision import (
    admin_close_alert,
    admin_overview,
    admin_supervision,
    admin_supervision_summary,
    technician_acknowledge_alert,
    technician_resolve_alert,
    technician_supervision,
    technician_supervision_summary,
)
from .technician import (
    technician_assignments,
    technician_maintenances,
    technician_reservations,
    technician_sessions,
)
from .terminal import (
    terminal_authenticate,
    terminal_link_rfid,
    terminal_offline_cache,
    terminal_offline_events,
    terminal_stop_session,
)
from .terminal_reads import terminal_broker_credentials, terminal_cabinet, terminal_session_detail

__all__ = [
    "OptionalPageNumberPagination",
    # --- devices ---
    "admin_device_schedule_ota",
    # ---
    "health",
    "health_ready",
    # --- network ---
    "admin_borne_detail",
    "admin_borne_ocpp",
    "admin_borne_terminal_key",
    "admin_bornes",
    "admin_device_detail",
    "admin_devices",
    "admin_emplacement_detail",
    "admin_emplacements",
    "admin_maintenance_detail",
    "admin_maintenances",
    "admin_station_detail",
    "admin_stations",
    "admin_technician_detail",
    "admin_technician_station_assignment_detail",
    "admin_technician_station_assignments",
    "admin_technicians",
    "stations_catalog",
    "technician_assignments",
    "technician_maintenances",
    # --- accounts ---
    "admin_reset_user_password",
    "admin_user_detail",
    "admin_user_journal",
    "admin_terminal_keys",
    "technician_reservations",
    "technician_sessions",
    "admin_users",
    "change_password",
    "consentements",
    "dashboard",
    "export_account",
    "login",
    "logout",
    "me",
    "password_reset_confirm",
    "password_reset_request",
    "phone_verification_confirm",
    "phone_verification_send",
    "profile",
    "refresh_token",
    "register",
    "register_availability",
    # --- supervision ---
    "admin_overview",
    "admin_supervision",
    "admin_supervision_summary",
    "admin_close_alert",
    "technician_acknowledge_alert",
    "technician_resolve_alert",
    "technician_supervision",
    "technician_supervision_summary",
    "admin_session_telemetry",
    "technician_session_telemetry",
    "admin_export_reservations",
    "admin_export_sessions",
    "technician_export_reservations",
    "technician_export_sessions",
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
    # --- kiosk ---
    "admin_sessions",
    "mobile_session_authorize",
    "mobile_session_detail",
    "terminal_authenticate",
    "terminal_broker_credentials",
    "terminal_cabinet",
    "terminal_consume_mobile_session",
    "terminal_consume_mobile_session_from_body",
    "terminal_create_mobile_session",
    "terminal_link_rfid",
    "terminal_mobile_session_status",
    "terminal_mobile_session_status_from_body",
    "terminal_offline_cache",
    "terminal_offline_events",
    "terminal_session_detail",
    "terminal_stop_session",
]
