"""Supervision: the operator's overview and live console, the technicians' scoped console and alert actions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import DeviceStatus
from api.pagination import PAGE_PARAMETERS, scoped_list_responses, scoped_lists_response
from api.permissions import IsStaffUser
from api.selectors.overview import overview_metrics, overview_recent
from api.selectors.supervision import (
    SupervisionFilters,
    alert_for_admin,
    supervision_snapshot,
    supervision_summary,
    technician_alert_for_action,
    technician_scope,
)
from api.serializers.supervision import (
    AdminOverviewSerializer,
    AlerteSerializer,
    AlertResolveSerializer,
    SensorReadingSerializer,
    SupervisionDeviceSerializer,
    SupervisionQuerySerializer,
    SupervisionSerializer,
    SupervisionSummaryQuerySerializer,
    SupervisionSummarySerializer,
    supervision_device_rows,
    supervision_sensor_rows,
)
from api.services.alerts import alert_acknowledge, alert_close, alert_resolve

_ERRORS = {
    401: OpenApiResponse(description="Non authentifie."),
    403: OpenApiResponse(description="Acteur non autorise."),
}
_FILTERS = [
    OpenApiParameter("station", int, description="Une station."),
    OpenApiParameter("severity", str, description="Severite des alertes (`critical` lu comme `critique`)."),
    OpenApiParameter("status", str, description="Statut des alertes (par defaut: ouvertes)."),
    OpenApiParameter("state", str, enum=DeviceStatus.values,
                     description="Statut des devices (et des devices des capteurs)."),
    OpenApiParameter("scope", str, enum=("devices", "alerts", "sensors"),
                     description="Une seule des trois listes, paginee sur demande (`page`, `page_size`)."),
    *PAGE_PARAMETERS,
]
_SNAPSHOT_RESPONSES = {
    **_ERRORS,
    **scoped_list_responses([SupervisionDeviceSerializer, AlerteSerializer, SensorReadingSerializer], "Supervision",
                            SupervisionSerializer()),
    400: OpenApiResponse(description="Filtre ou scope invalide."),
}


def _filters(request: Request) -> SupervisionFilters:
    query = SupervisionQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return SupervisionFilters(**query.validated_data)


def _snapshot(request: Request, stations: set[int] | None) -> Response:
    """`{"devices", "alerts", "sensors"}`, or with `?scope=` one of them alone, paginated on request."""
    return scoped_lists_response(
        request, lists=supervision_snapshot(stations=stations, filters=_filters(request)),
        serialize={"devices": supervision_device_rows, "sensors": supervision_sensor_rows,
                   "alerts": lambda alerts: AlerteSerializer(alerts, many=True).data},
    )


@extend_schema(responses={200: AdminOverviewSerializer, **_ERRORS}, operation_id="admin_overview")
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_overview(request: Request) -> Response:
    """Return aggregate administration metrics and recent records."""
    return Response(AdminOverviewSerializer({"metrics": overview_metrics(), "recent": overview_recent()}).data)


@extend_schema(
    parameters=_FILTERS, responses=_SNAPSHOT_RESPONSES,
    operation_id="admin_supervision",
)
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_supervision(request: Request) -> Response:
    """Return live supervision data for devices, alerts and sensors."""
    return _snapshot(request, None)


@extend_schema(
    parameters=_FILTERS, responses=_SNAPSHOT_RESPONSES,
    operation_id="technician_supervision",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def technician_supervision(request: Request) -> Response:
    """Return supervision data limited to the current technician station scope."""
    return _snapshot(request, technician_scope(user=request.user))


def _summary(request: Request, stations: set[int] | None) -> Response:
    query = SupervisionSummaryQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    summary = supervision_summary(stations=stations, station=query.validated_data.get("station"))
    return Response(SupervisionSummarySerializer(summary).data)


_SUMMARY = extend_schema(
    parameters=[OpenApiParameter("station", int, description="One station.")],
    responses={200: SupervisionSummarySerializer, 400: OpenApiResponse(description="Invalid filter."), **_ERRORS},
)


@_SUMMARY
@extend_schema(operation_id="admin_supervision_summary")
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_supervision_summary(request: Request) -> Response:
    """(ext) Counts of the whole network: devices by status, open alerts by severity, alerts by status."""
    return _summary(request, None)


@_SUMMARY
@extend_schema(operation_id="technician_supervision_summary")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def technician_supervision_summary(request: Request) -> Response:
    """(ext) The same counts, limited to the stations of the technician's active assignments."""
    return _summary(request, technician_scope(user=request.user))


_ACTION_ERRORS = {
    **_ERRORS,
    404: OpenApiResponse(description="Alerte introuvable ou hors du perimetre."),
    409: OpenApiResponse(description="Transition d'etat invalide."),
}


@extend_schema(request=None, responses={200: AlerteSerializer, **_ACTION_ERRORS},
               operation_id="technician_acknowledge_alert")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def technician_acknowledge_alert(request: Request, id_alerte: int) -> Response:
    """Mark one scoped alert as taken in charge by the current technician."""
    technicien, alert = technician_alert_for_action(user=request.user, alert_id=id_alerte)
    alert = alert_acknowledge(alert=alert, technicien=technicien)
    return Response(AlerteSerializer(alert).data)


@extend_schema(
    request=AlertResolveSerializer,
    responses={200: AlerteSerializer, 400: OpenApiResponse(description="Note manquante."), **_ACTION_ERRORS},
    operation_id="technician_resolve_alert",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def technician_resolve_alert(request: Request, id_alerte: int) -> Response:
    """Resolve one scoped alert after intervention or operational verification."""
    technicien, alert = technician_alert_for_action(user=request.user, alert_id=id_alerte)
    body = AlertResolveSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    alert = alert_resolve(alert=alert, technicien=technicien, note=body.validated_data["resolution_note"])
    return Response(AlerteSerializer(alert).data)


@extend_schema(request=None, responses={200: AlerteSerializer, **_ACTION_ERRORS}, operation_id="admin_close_alert")
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_close_alert(request: Request, id_alerte: int) -> Response:
    """(ext) Close an alert (`fermee`), the lifecycle's last step, usually after its resolution (409 if closed)."""
    alert = alert_close(alert=alert_for_admin(alert_id=id_alerte))
    return Response(AlerteSerializer(alert_for_admin(alert_id=alert.pk)).data)
