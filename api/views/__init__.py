"""HTTP views, split by domain and re-exported here (`api.views.x`)."""

from api.pagination import OptionalPageNumberPagination

from .health import health, health_ready

__all__ = [
    "OptionalPageNumberPagination",
    "health",
    "health_ready",
]
