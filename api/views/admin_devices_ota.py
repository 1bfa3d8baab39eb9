"""Admin: schedule a firmware update (OTA) for one ESP32."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import NotFound
from api.models import Device
from api.permissions import IsStaffUser
from api.services.devices import device_schedule_ota


class DeviceOtaScheduleSerializer(serializers.Serializer):
    """Body of `admin_device_schedule_ota`: the firmware to install."""

    version = serializers.CharField(max_length=32)
    url = serializers.RegexField(r"^https?://\S+$", max_length=500)
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", error_messages={"invalid": _("Empreinte SHA-256 invalide.")})


OTA_SCHEDULED = inline_serializer("DeviceOtaScheduled", fields={
    "id_device": serializers.IntegerField(),
    "firmware_update_status": serializers.CharField(),
    "ota_target_version": serializers.CharField(),
    "ota_update_url": serializers.CharField(),
    "ota_requested_at": serializers.DateTimeField(),
    "ota_job_id": serializers.CharField(),
})


@extend_schema(
    operation_id="admin_device_schedule_ota", request=DeviceOtaScheduleSerializer,
    responses={200: OTA_SCHEDULED, 400: OpenApiResponse(description="Invalid body"),
               401: OpenApiResponse(description="Not authenticated"), 403: OpenApiResponse(description="Not staff"),
               404: OpenApiResponse(description="Unknown device")},
)
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_device_schedule_ota(request: Request, pk: int) -> Response:
    """Record an admin-approved firmware update target for one ESP32."""
    serializer = DeviceOtaScheduleSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    device = Device.objects.select_related("emplacement__borne").filter(pk=pk).first()
    if device is None:
        raise NotFound()
    device = device_schedule_ota(device=device, **serializer.validated_data)
    return Response({
        "id_device": device.pk, "firmware_update_status": device.firmware_update_status,
        "ota_target_version": device.ota_target_version, "ota_update_url": device.ota_update_url,
        "ota_requested_at": device.ota_requested_at, "ota_job_id": device.ota_job_id,
    })
