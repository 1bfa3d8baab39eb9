"""Every API path of `../shared/design/api.md`."""

from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
    # --- devices ---
    path("admin/devices/<int:pk>/schedule-ota/", views.admin_device_schedule_ota, name="admin-device-schedule-ota"),
]
