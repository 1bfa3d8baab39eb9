"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
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
]
