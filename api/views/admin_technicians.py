"""Administration of technicians, their station assignments and maintenance work (staff only)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsStaffUser
from api.selectors import technicians as selectors
from api.serializers.technicians import (
    MaintenanceAdminSerializer,
    MaintenanceOptionsSerializer,
    TechnicianSerializer,
    TechnicianStationAssignmentSerializer,
)
from api.services import technicians as services

from .admin_network import (
    MAX_ID,
    AdminListFilters,
    create_response,
    detail_response,
    detail_schema,
    list_create_schema,
    list_filters,
    list_response,
)


class AssignmentFilters(serializers.Serializer):
    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    technicien = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    role = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class MaintenanceFilters(AdminListFilters):
    technicien = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _station_maintenance(request: Request) -> bool:
    body = request.data if isinstance(request.data, dict) else {}
    options = MaintenanceOptionsSerializer(data={"station_maintenance": body.get("station_maintenance", False)})
    options.is_valid(raise_exception=True)
    return bool(options.validated_data["station_maintenance"])


@list_create_schema(TechnicianSerializer)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_technicians(request: Request) -> Response:
    """List technicians or create a technician from the administration API."""
    if request.method == "POST":
        return create_response(request, TechnicianSerializer, services.technician_create)
    filters = list_filters(request)
    technicians = selectors.technician_list(station=filters.get("station"), q=filters.get("q"))
    return list_response(request, technicians, TechnicianSerializer)


@detail_schema(TechnicianSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_technician_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one technician from the admin API."""
    return detail_response(
        request, selectors.technician_get(pk=pk), TechnicianSerializer, name="technicien",
        update=services.technician_update, delete=services.technician_delete,
    )


@list_create_schema(
    TechnicianStationAssignmentSerializer, filters=AssignmentFilters, list_id="admin_technician_assignments_list"
)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_technician_station_assignments(request: Request) -> Response:
    """List or create station assignments for technician least privilege."""
    if request.method == "POST":
        return create_response(request, TechnicianStationAssignmentSerializer, services.assignment_create)
    filters = list_filters(request, AssignmentFilters)
    assignments = selectors.assignment_list(
        station=filters.get("station"), technicien=filters.get("technicien"), is_active=filters.get("is_active"),
        role=filters.get("role"),
    )
    return list_response(request, assignments, TechnicianStationAssignmentSerializer)


@detail_schema(TechnicianStationAssignmentSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_technician_station_assignment_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one technician station assignment."""
    return detail_response(
        request, selectors.assignment_get(pk=pk), TechnicianStationAssignmentSerializer, name="assignment",
        update=services.assignment_update, delete=services.assignment_delete,
    )


@list_create_schema(MaintenanceAdminSerializer, filters=MaintenanceFilters)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_maintenances(request: Request) -> Response:
    """List maintenance records or create one from the admin API."""
    if request.method == "POST":
        return create_response(
            request, MaintenanceAdminSerializer, services.maintenance_create,
            station_maintenance=_station_maintenance(request),
        )
    filters = list_filters(request, MaintenanceFilters)
    maintenances = selectors.maintenance_list(
        station=filters.get("station"), technicien=filters.get("technicien"), statut=filters.get("statut"),
        q=filters.get("q"),
    )
    return list_response(request, maintenances, MaintenanceAdminSerializer)


@detail_schema(MaintenanceAdminSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_maintenance_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one maintenance record from the admin API."""
    extra = {"station_maintenance": _station_maintenance(request)} if request.method in ("PUT", "PATCH") else {}
    return detail_response(
        request, selectors.maintenance_get(pk=pk), MaintenanceAdminSerializer, name="maintenance",
        update=services.maintenance_update, delete=services.maintenance_delete, **extra,
    )
