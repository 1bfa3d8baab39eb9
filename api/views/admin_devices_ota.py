"""Admin: schedule a firmware update (OTA) for one ESP32."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsStaffUser
from api.selectors.network import device_get
from api.serializers.network import DeviceAdminSerializer
from api.services.devices import device_schedule_ota


class DeviceOtaScheduleSerializer(serializers.Serializer):
    """Body of `admin_device_schedule_ota`: the firmware to install, under the `Device` fields' names.

    `ota_target_version` and `ota_update_url` as the reference documents them on `Device`; `sha256` (ext)
    is the image's digest the device checks before installing.
    """

    ota_target_version = serializers.CharField(max_length=32)
    # A real URL (Django's validator; a pattern let `http://"` through, found by make verify), http(s) only.
    ota_update_url = serializers.URLField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", error_messages={"invalid": _("Invalid SHA-256 digest.")})


class DeviceOtaScheduledSerializer(DeviceAdminSerializer):
    """The device after scheduling, with the id of the retained `ota` job it was sent."""

    class Meta(DeviceAdminSerializer.Meta):
        fields = (*DeviceAdminSerializer.Meta.fields, "ota_job_id")  # type: ignore[assignment]
        read_only_fields = (*DeviceAdminSerializer.Meta.read_only_fields, "ota_job_id")  # type: ignore[assignment]


@extend_schema(
    operation_id="admin_device_schedule_ota", request=DeviceOtaScheduleSerializer,
    responses={200: DeviceOtaScheduledSerializer, 400: OpenApiResponse(description="Invalid body"),
               401: OpenApiResponse(description="Not authenticated"), 403: OpenApiResponse(description="Not staff"),
               404: OpenApiResponse(description="Unknown device")},
)
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_device_schedule_ota(request: Request, pk: int) -> Response:
    """Record an admin-approved firmware update target for one ESP32."""
    serializer = DeviceOtaScheduleSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    device = device_schedule_ota(device=device_get(pk=pk), **serializer.validated_data)
    return Response(DeviceOtaScheduledSerializer(device).data)
