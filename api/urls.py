"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health_ready"),
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
    path("auth/register/availability/", views.register_availability, name="register_availability"),
    path("auth/register/", views.register, name="register"),
    path("auth/login/", views.login, name="login"),
    path("auth/refresh/", views.refresh_token, name="refresh_token"),
    path("auth/logout/", views.logout, name="logout"),
    path("auth/me/", views.me, name="me"),
    path("account/profile/", views.profile, name="profile"),
    path("account/consents/", views.consentements, name="consentements"),
    path("account/password/", views.change_password, name="change_password"),
    path("account/export/", views.export_account, name="export_account"),
    path("account/dashboard/", views.dashboard, name="dashboard"),
    path("admin/users/", views.admin_users, name="admin_users"),
    path("admin/users/<int:id_user>/", views.admin_user_detail, name="admin_user_detail"),
    path("admin/users/<int:id_user>/reset-password/", views.admin_reset_user_password,
         name="admin_reset_user_password"),
    # --- supervision ---
    path("technician/supervision/", views.technician_supervision, name="technician_supervision"),
    path(
        "technician/alerts/<int:id_alerte>/acknowledge/", views.technician_acknowledge_alert,
        name="technician_acknowledge_alert",
    ),
    path(
        "technician/alerts/<int:id_alerte>/resolve/", views.technician_resolve_alert, name="technician_resolve_alert"
    ),
    path("admin/overview/", views.admin_overview, name="admin_overview"),
    path("admin/supervision/", views.admin_supervision, name="admin_supervision"),
    # --- booking ---
    path("account/auth-methods/", views.auth_methods, name="auth_methods"),
    path("account/auth-methods/<int:id_auth>/", views.delete_auth_method, name="delete_auth_method"),
    path("account/auth-history/", views.auth_history, name="auth_history"),
    path("stations/<int:id_station>/availability/", views.reservation_availability, name="reservation_availability"),
    path("reservations/", views.reservations, name="reservations"),
    path("reservations/<int:id_reservation>/cancel/", views.cancel_reservation, name="cancel_reservation"),
    path("reservations/<int:id_reservation>/access/", views.reservation_access_payload,
         name="reservation_access_payload"),
    path("reservations/<int:id_reservation>/access/sms/", views.send_reservation_access_code,
         name="send_reservation_access_code"),
    path("admin/reservations/", views.admin_reservations, name="admin_reservations"),
    path("admin/reservations/<int:id>/cancel/", views.admin_cancel_reservation, name="admin_cancel_reservation"),
    path("admin/reservations/<int:id>/access/", views.admin_reservation_access_payload,
         name="admin_reservation_access_payload"),
    path("admin/reservations/<int:id>/access/revoke/", views.admin_revoke_reservation_access,
         name="admin_revoke_reservation_access"),
    path("admin/users/<int:id_user>/auth-methods/", views.admin_user_auth_methods, name="admin_user_auth_methods"),
    path("admin/users/<int:id_user>/auth-methods/<int:id_auth>/revoke/", views.admin_revoke_user_auth_method,
         name="admin_revoke_user_auth_method"),
    # --- devices ---
    path("admin/devices/<int:pk>/schedule-ota/", views.admin_device_schedule_ota, name="admin_device_schedule_ota"),
    # --- kiosk ---
    path("terminal/authenticate/", views.terminal_authenticate, name="terminal_authenticate"),
    path("terminal/sessions/<int:id_session>/stop/", views.terminal_stop_session, name="terminal_stop_session"),
    path("terminal/rfid-link/", views.terminal_link_rfid, name="terminal_link_rfid"),
    path("terminal/mobile-sessions/", views.terminal_create_mobile_session, name="terminal_create_mobile_session"),
    path("terminal/mobile-sessions/status/", views.terminal_mobile_session_status_from_body,
         name="terminal_mobile_session_status_from_body"),
    path("terminal/mobile-sessions/consume/", views.terminal_consume_mobile_session_from_body,
         name="terminal_consume_mobile_session_from_body"),
    path("terminal/mobile-sessions/<str:token>/", views.terminal_mobile_session_status,
         name="terminal_mobile_session_status"),
    path("terminal/mobile-sessions/<str:token>/consume/", views.terminal_consume_mobile_session,
         name="terminal_consume_mobile_session"),
    path("terminal/offline-cache/", views.terminal_offline_cache, name="terminal_offline_cache"),
    path("terminal/offline-events/", views.terminal_offline_events, name="terminal_offline_events"),
    path("mobile-sessions/<str:token>/", views.mobile_session_detail, name="mobile_session_detail"),
    path("mobile-sessions/<str:token>/authorize/", views.mobile_session_authorize, name="mobile_session_authorize"),
    path("admin/sessions/", views.admin_sessions, name="admin_sessions"),
]
