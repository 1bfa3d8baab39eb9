"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
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
]
