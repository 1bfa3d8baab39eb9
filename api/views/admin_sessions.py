"""Administration of charging sessions: active and archived lists."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import ChargeSessionState
from api.pagination import PAGE_PARAMETERS, list_responses, scoped_lists_response
from api.permissions import IsStaffUser
from api.selectors import terminal as selectors
from api.serializers.terminal import AdminSessionSerializer

from .admin_network import AdminListFilters, list_filters

SCOPES = ("active", "archived")


class AdminSessionFilters(AdminListFilters):
    charge_state = serializers.ChoiceField(choices=ChargeSessionState.choices, required=False)


def _serialize(items: object) -> object:
    return AdminSessionSerializer(items, many=True).data


def session_lists_schema(operation_id: str) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[OpenApiParameter("scope", OpenApiTypes.STR, enum=SCOPES),
                    OpenApiParameter("station", OpenApiTypes.INT), OpenApiParameter("charge_state", OpenApiTypes.STR),
                    OpenApiParameter("q", OpenApiTypes.STR), *PAGE_PARAMETERS],
        responses={**list_responses(AdminSessionSerializer, "AdminSession", inline_serializer("AdminSessions", fields={
            "active": AdminSessionSerializer(many=True), "archived": AdminSessionSerializer(many=True)})),
            400: OpenApiResponse(description="Filtre inconnu"), 401: OpenApiResponse(description="Non authentifie"),
            403: OpenApiResponse(description="Reserve au staff")},
    )


def session_lists_response(request: Request, stations: set[int] | None) -> Response:
    """`{"active", "archived"}` or one `scope`, with the filters; `stations`: a technician's scope."""
    filters = list_filters(request, AdminSessionFilters)
    lists = selectors.admin_session_lists(station=filters.get("station"), charge_state=filters.get("charge_state"),
                                          q=filters.get("q") or None, stations=stations)
    return scoped_lists_response(request, lists={name: lists[name] for name in SCOPES}, serialize=_serialize)


@session_lists_schema("admin_sessions")
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_sessions(request: Request) -> Response:
    """Return active and archived charging sessions for administrators."""
    return session_lists_response(request, None)
