"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
    # --- network ---
    path("stations/", views.stations_catalog, name="stations_catalog"),
    path("admin/stations/", views.admin_stations, name="admin_stations"),
    path("admin/stations/<int:pk>/", views.admin_station_detail, name="admin_station_detail"),
    path("admin/bornes/", views.admin_bornes, name="admin_bornes"),
    path("admin/bornes/<int:pk>/", views.admin_borne_detail, name="admin_borne_detail"),
    path("admin/bornes/<int:pk>/terminal-key/", views.admin_borne_terminal_key, name="admin_borne_terminal_key"),
    path("admin/emplacements/", views.admin_emplacements, name="admin_emplacements"),
    path("admin/emplacements/<int:pk>/", views.admin_emplacement_detail, name="admin_emplacement_detail"),
    path("admin/devices/", views.admin_devices, name="admin_devices"),
    path("admin/devices/<int:pk>/", views.admin_device_detail, name="admin_device_detail"),
    path("admin/technicians/", views.admin_technicians, name="admin_technicians"),
    path("admin/technicians/<int:pk>/", views.admin_technician_detail, name="admin_technician_detail"),
    path("admin/technician-assignments/", views.admin_technician_station_assignments,
         name="admin_technician_station_assignments"),
    path("admin/technician-assignments/<int:pk>/", views.admin_technician_station_assignment_detail,
         name="admin_technician_station_assignment_detail"),
    path("admin/maintenances/", views.admin_maintenances, name="admin_maintenances"),
    path("admin/maintenances/<int:pk>/", views.admin_maintenance_detail, name="admin_maintenance_detail"),
    path("technician/maintenances/", views.technician_maintenances, name="technician_maintenances"),
    # --- accounts ---
    path("auth/register/availability/", views.register_availability, name="register-availability"),
    path("auth/register/", views.register, name="register"),
    path("auth/login/", views.login, name="login"),
    path("auth/refresh/", views.refresh_token, name="refresh-token"),
    path("auth/logout/", views.logout, name="logout"),
    path("auth/me/", views.me, name="me"),
    path("account/profile/", views.profile, name="profile"),
    path("account/consents/", views.consentements, name="consentements"),
    path("account/password/", views.change_password, name="change-password"),
    path("account/export/", views.export_account, name="export-account"),
    path("account/dashboard/", views.dashboard, name="dashboard"),
    path("admin/users/", views.admin_users, name="admin-users"),
    path("admin/users/<int:id_user>/", views.admin_user_detail, name="admin-user-detail"),
    path("admin/users/<int:id_user>/reset-password/", views.admin_reset_user_password,
         name="admin-reset-user-password"),
    # --- supervision ---
    path("technician/supervision/", views.technician_supervision, name="technician-supervision"),
    path(
        "technician/alerts/<int:id_alerte>/acknowledge/", views.technician_acknowledge_alert,
        name="technician-acknowledge-alert",
    ),
    path(
        "technician/alerts/<int:id_alerte>/resolve/", views.technician_resolve_alert, name="technician-resolve-alert"
    ),
    path("admin/overview/", views.admin_overview, name="admin-overview"),
    path("admin/supervision/", views.admin_supervision, name="admin-supervision"),
    # --- booking ---
    path("account/auth-methods/", views.auth_methods, name="auth-methods"),
    path("account/auth-methods/<int:id_auth>/", views.delete_auth_method, name="auth-method-delete"),
    path("account/auth-history/", views.auth_history, name="auth-history"),
    path("stations/<int:id_station>/availability/", views.reservation_availability, name="reservation-availability"),
    path("reservations/", views.reservations, name="reservations"),
    path("reservations/<int:id_reservation>/cancel/", views.cancel_reservation, name="reservation-cancel"),
    path("reservations/<int:id_reservation>/access/", views.reservation_access_payload, name="reservation-access"),
    path("reservations/<int:id_reservation>/access/sms/", views.send_reservation_access_code,
         name="reservation-access-sms"),
    path("admin/reservations/", views.admin_reservations, name="admin-reservations"),
    path("admin/reservations/<int:id>/cancel/", views.admin_cancel_reservation, name="admin-reservation-cancel"),
    path("admin/reservations/<int:id>/access/", views.admin_reservation_access_payload,
         name="admin-reservation-access"),
    path("admin/reservations/<int:id>/access/revoke/", views.admin_revoke_reservation_access,
         name="admin-reservation-access-revoke"),
    path("admin/users/<int:id_user>/auth-methods/", views.admin_user_auth_methods, name="admin-user-auth-methods"),
    path("admin/users/<int:id_user>/auth-methods/<int:id_auth>/revoke/", views.admin_revoke_user_auth_method,
         name="admin-user-auth-method-revoke"),
    # --- devices ---
    path("admin/devices/<int:pk>/schedule-ota/", views.admin_device_schedule_ota, name="admin-device-schedule-ota"),
    # --- kiosk ---
    path("terminal/authenticate/", views.terminal_authenticate, name="terminal-authenticate"),
    path("terminal/sessions/<int:id_session>/stop/", views.terminal_stop_session, name="terminal-stop-session"),
    path("terminal/rfid-link/", views.terminal_link_rfid, name="terminal-link-rfid"),
    path("terminal/mobile-sessions/", views.terminal_create_mobile_session, name="terminal-create-mobile-session"),
    path("terminal/mobile-sessions/status/", views.terminal_mobile_session_status_from_body,
         name="terminal-mobile-session-status-from-body"),
    path("terminal/mobile-sessions/consume/", views.terminal_consume_mobile_session_from_body,
         name="terminal-consume-mobile-session-from-body"),
    path("terminal/mobile-sessions/<str:token>/", views.terminal_mobile_session_status,
         name="terminal-mobile-session-status"),
    path("terminal/mobile-sessions/<str:token>/consume/", views.terminal_consume_mobile_session,
         name="terminal-consume-mobile-session"),
    path("terminal/offline-cache/", views.terminal_offline_cache, name="terminal-offline-cache"),
    path("terminal/offline-events/", views.terminal_offline_events, name="terminal-offline-events"),
    path("mobile-sessions/<str:token>/", views.mobile_session_detail, name="mobile-session-detail"),
    path("mobile-sessions/<str:token>/authorize/", views.mobile_session_authorize, name="mobile-session-authorize"),
    path("admin/sessions/", views.admin_sessions, name="admin-sessions"),
]
