"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
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
]
