"""Views of a signed-in technician, limited to their own work and stations."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.selectors.supervision import technician_scope
from api.selectors.technicians import (
    technician_maintenance_list,
    technician_own_assignments,
    technician_required,
)
from api.serializers.technicians import (
    TechnicianMaintenanceSerializer,
    TechnicianStationAssignmentSerializer,
)
from api.views.admin_network import READ_ERRORS
from api.views.admin_reservations import reservation_lists_response, reservation_lists_schema
from api.views.admin_sessions import session_lists_response, session_lists_schema


@extend_schema(
    parameters=[OpenApiParameter("statut", str, description="Maintenance status."), *PAGE_PARAMETERS],
    responses={**list_responses(TechnicianMaintenanceSerializer, "TechnicianMaintenance"), **READ_ERRORS},
    operation_id="technician_maintenances",
)
@api_view(["GET"])
def technician_maintenances(request: Request) -> Response:
    """List maintenance interventions assigned to the current technician (403 for a non-technician)."""
    technicien = technician_required(request.user)
    maintenances = technician_maintenance_list(technicien=technicien, statut=request.query_params.get("statut"))
    return paginated_response(request, maintenances, lambda page: TechnicianMaintenanceSerializer(page, many=True).data)


@extend_schema(
    parameters=PAGE_PARAMETERS,
    responses={**list_responses(TechnicianStationAssignmentSerializer, "TechnicianOwnAssignment"), **READ_ERRORS},
    operation_id="technician_assignments",
)
@api_view(["GET"])
def technician_assignments(request: Request) -> Response:
    """The current technician's active station assignments with their role (403 for a non-technician)."""
    technicien = technician_required(request.user)
    assignments = technician_own_assignments(technicien)
    return paginated_response(
        request, assignments, lambda page: TechnicianStationAssignmentSerializer(page, many=True).data
    )


@reservation_lists_schema("technician_reservations")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def technician_reservations(request: Request) -> Response:
    """(ext) `admin_reservations` limited to the stations of the technician's active assignments (read only)."""
    return reservation_lists_response(request, technician_scope(user=request.user))


@session_lists_schema("technician_sessions")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def technician_sessions(request: Request) -> Response:
    """(ext) `admin_sessions` limited to the stations of the technician's active assignments (read only)."""
    return session_lists_response(request, technician_scope(user=request.user))
