"""Serializers, split by domain and re-exported here (`api.serializers.X`)."""

from .supervision import (
    AdminOverviewSerializer,
    AlerteSerializer,
    AlertResolveSerializer,
    SensorReadingSerializer,
    SupervisionDeviceSerializer,
    SupervisionQuerySerializer,
    SupervisionSerializer,
)

__all__: list[str] = [
    # --- supervision ---
    "AdminOverviewSerializer",
    "AlertResolveSerializer",
    "AlerteSerializer",
    "SensorReadingSerializer",
    "SupervisionDeviceSerializer",
    "SupervisionQuerySerializer",
    "SupervisionSerializer",
]
