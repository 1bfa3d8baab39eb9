"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .health import health, health_ready
from .supervision import (
    admin_overview,
    admin_supervision,
    technician_acknowledge_alert,
    technician_resolve_alert,
    technician_supervision,
)

__all__ = [
    "OptionalPageNumberPagination",
    "health",
    "health_ready",
    # --- supervision ---
    "admin_overview",
    "admin_supervision",
    "technician_acknowledge_alert",
    "technician_resolve_alert",
    "technician_supervision",
]
