"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .admin_devices_ota import admin_device_schedule_ota
from .health import health, health_ready

__all__ = [
    "OptionalPageNumberPagination",
    # --- devices ---
    "admin_device_schedule_ota",
    # ---
    "health",
    "health_ready",
]
