"""(ext) One charging session and its telemetry for the console: staff (every session), technicians (scoped)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsStaffUser
from api.selectors.supervision import technician_scope
from api.selectors.telemetry import console_session, session_telemetry
from api.serializers.telemetry import SessionTelemetrySerializer, TelemetryQuerySerializer

from .admin_network import DETAIL_ERRORS

_SCHEMA = extend_schema(
    parameters=[OpenApiParameter("points", int, description="Most points answered (2 to 2000, default 300); a "
                                 "longer session is averaged into that many time buckets.")],
    responses={200: SessionTelemetrySerializer, 400: OpenApiResponse(description="Invalid `points`."),
               **DETAIL_ERRORS},
)


def _answer(request: Request, id_session: int, stations: set[int] | None) -> Response:
    query = TelemetryQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    session = console_session(pk=id_session, stations=stations)
    telemetry = session_telemetry(session=session, points=query.validated_data["points"])
    return Response(SessionTelemetrySerializer({"session": session, **telemetry}).data)


@_SCHEMA
@extend_schema(operation_id="admin_session_telemetry")
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_session_telemetry(request: Request, id_session: int) -> Response:
    """(ext) A session's summary and telemetry, downsampled server-side for long sessions."""
    return _answer(request, id_session, None)


@_SCHEMA
@extend_schema(operation_id="technician_session_telemetry")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def technician_session_telemetry(request: Request, id_session: int) -> Response:
    """(ext) The same, for a session at a station of the technician's active assignments (observers too)."""
    return _answer(request, id_session, technician_scope(user=request.user))
