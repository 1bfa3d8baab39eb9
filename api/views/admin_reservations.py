"""Administration of reservations: upcoming/archived lists, cancel, regenerate and revoke access."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import PAGE_PARAMETERS, list_responses, scoped_lists_response
from api.permissions import IsStaffUser
from api.request_meta import client_ip, request_user
from api.selectors import reservations as selectors
from api.serializers.reservations import AccessPayloadSerializer, ReservationSerializer
from api.services import reservations as services

from .admin_network import list_filters

_ERRORS = {401: OpenApiResponse(description="Non authentifie"), 403: OpenApiResponse(description="Reserve au staff"),
           404: OpenApiResponse(description="Introuvable"), 409: OpenApiResponse(description="Conflit")}
SCOPES = ("upcoming", "archived")


def _serialize(items: object) -> object:
    return ReservationSerializer(items, many=True).data


def reservation_lists_schema(operation_id: str) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[OpenApiParameter("scope", OpenApiTypes.STR, enum=SCOPES),
                    OpenApiParameter("station", OpenApiTypes.INT), OpenApiParameter("statut", OpenApiTypes.STR),
                    OpenApiParameter("q", OpenApiTypes.STR), *PAGE_PARAMETERS],
        responses={**_ERRORS, **list_responses(ReservationSerializer, "AdminReservation", inline_serializer(
            "AdminReservations", fields={"upcoming": ReservationSerializer(many=True),
                                         "archived": ReservationSerializer(many=True)})),
            400: OpenApiResponse(description="Scope ou filtre invalide")},
    )


def reservation_lists_response(request: Request, stations: set[int] | None) -> Response:
    """`{"upcoming", "archived"}` or one `scope`, with the filters; `stations`: a technician's scope."""
    filters = list_filters(request)
    lists = selectors.admin_reservation_lists(station=filters.get("station"), statut=filters.get("statut") or None,
                                              q=filters.get("q") or None, stations=stations)
    return scoped_lists_response(request, lists={name: lists[name] for name in SCOPES}, serialize=_serialize)


@reservation_lists_schema("admin_reservations")
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_reservations(request: Request) -> Response:
    """Return upcoming and archived reservations for administrators."""
    return reservation_lists_response(request, None)


@extend_schema(operation_id="admin_cancel_reservation", request=None,
               responses={200: ReservationSerializer, **_ERRORS})
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_cancel_reservation(request: Request, id: int) -> Response:  # `id`: the path name of api.md
    """Cancel any cancellable reservation from the administration API."""
    reservation = selectors.reservation_for_admin(pk=id)
    services.reservation_cancel(
        reservation=reservation, actor=request_user(request), by_admin=True, ip=client_ip(request)
    )
    return Response(ReservationSerializer(selectors.reservation_for_admin(pk=id)).data)


@extend_schema(operation_id="admin_reservation_access_payload", request=None,
               responses={200: AccessPayloadSerializer, **_ERRORS})
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_reservation_access_payload(request: Request, id: int) -> Response:
    """Regenerate a temporary QR or code credential from the administration API."""
    reservation = selectors.reservation_for_admin(pk=id)
    services.reservation_access_regenerate(reservation=reservation, actor=request_user(request), ip=client_ip(request))
    return Response(AccessPayloadSerializer(services.access_payload(selectors.reservation_for_admin(pk=id))).data)


@extend_schema(operation_id="admin_revoke_reservation_access", request=None,
               responses={200: ReservationSerializer, **_ERRORS})
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_revoke_reservation_access(request: Request, id: int) -> Response:
    """Revoke the temporary credential attached to a QR/code reservation."""
    reservation = selectors.reservation_for_admin(pk=id)
    services.reservation_access_revoke(reservation=reservation, actor=request_user(request), ip=client_ip(request))
    return Response(ReservationSerializer(selectors.reservation_for_admin(pk=id)).data)
