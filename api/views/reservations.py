"""Booking views: availability, the user's reservations, cancel, access code/QR and its SMS."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import BaseAuthentication
from rest_framework.decorators import api_view, authentication_classes
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.authentication import UncheckedAccount, booking_authentication
from api.models import Emplacement
from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.request_meta import client_ip, request_user
from api.selectors import reservations as selectors
from api.serializers.reservations import (
    AccessPayloadSerializer,
    AvailabilityQuerySerializer,
    BayAvailabilitySerializer,
    ReservationCreateSerializer,
    ReservationSerializer,
)
from api.services import reservations as services

_ERRORS = {400: OpenApiResponse(description="Donnees invalides"), 401: OpenApiResponse(description="Non authentifie"),
           404: OpenApiResponse(description="Introuvable"), 409: OpenApiResponse(description="Conflit")}


# A POST's account is checked by the booking's first read (DRF calls each entry: a factory).
BOOKING_AUTH = cast(list[type[BaseAuthentication]], [booking_authentication])


def availability_response(bays: list[dict]) -> list[dict]:
    available = {row["emplacement"].pk: row["available"] for row in bays}
    rows = [row["emplacement"] for row in bays]
    return list(BayAvailabilitySerializer(rows, many=True, context={"available": available}).data)


@extend_schema(
    operation_id="reservation_availability",
    parameters=[OpenApiParameter("date_debut", OpenApiTypes.DATETIME, required=True),
                OpenApiParameter("date_fin", OpenApiTypes.DATETIME),
                OpenApiParameter("duration_minutes", OpenApiTypes.INT)],
    responses={200: BayAvailabilitySerializer(many=True), **_ERRORS},
)
@api_view(["GET"])
def reservation_availability(request: Request, id_station: int) -> Response:
    """List charging bays available for one station and time slot."""
    query = AvailabilityQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    station = selectors.station_get(pk=id_station)
    bays = selectors.station_bays_availability(
        station=station, date_debut=query.validated_data["date_debut"], date_fin=query.validated_data["date_fin"]
    )
    return Response(availability_response(bays))


def _list_reservations(request: Request) -> Response:
    return paginated_response(
        request, selectors.reservations_of(user=request_user(request)),
        lambda items: ReservationSerializer(items, many=True).data,
    )


def _create_reservation(request: Request) -> Response:
    # The bearer's account is checked by the booking's first read (`booking_authentication`): an answer given
    # before it (invalid input) settles it first, so a refused account gets its 401 and a valid one its language.
    bearer = cast(UncheckedAccount, request.user)
    serializer = ReservationCreateSerializer(data=request.data)
    if not serializer.is_valid():
        bearer.settle()
        raise ValidationError(serializer.errors)
    data = serializer.validated_data
    # The created reservation carries its bay (cabinet, station), user and credential: no re-fetch.
    try:
        reservation = services.reservation_create(
            utilisateur=bearer, emplacement=data["emplacement"], date_debut=data["date_debut"],
            date_fin=data["date_fin"], auth_choice=data["auth_choice"], ip=client_ip(request),
        )
    except Emplacement.DoesNotExist:
        raise serializer.bay_not_found() from None
    return Response(ReservationSerializer(reservation).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], parameters=PAGE_PARAMETERS, operation_id="reservations_list",
               responses={**list_responses(ReservationSerializer, "Reservation"), 401: _ERRORS[401]})
@extend_schema(methods=["POST"], request=ReservationCreateSerializer,
               responses={201: ReservationSerializer, **_ERRORS})
@api_view(["GET", "POST"])
@authentication_classes(BOOKING_AUTH)
def reservations(request: Request) -> Response:
    """List user reservations or create a new reservation with access data."""
    if request.method == "POST":
        return _create_reservation(request)
    return _list_reservations(request)


@extend_schema(operation_id="cancel_reservation", request=None, responses={200: ReservationSerializer, **_ERRORS})
@api_view(["POST"])
def cancel_reservation(request: Request, id_reservation: int) -> Response:
    """Cancel one reservation owned by the authenticated user."""
    reservation = selectors.reservation_of(user=request_user(request), pk=id_reservation)
    services.reservation_cancel(reservation=reservation, actor=request_user(request), ip=client_ip(request))
    return Response(ReservationSerializer(selectors.reservation_of(user=request_user(request), pk=id_reservation)).data)


@extend_schema(operation_id="reservation_access_payload", responses={200: AccessPayloadSerializer, **_ERRORS})
@api_view(["GET"])
def reservation_access_payload(request: Request, id_reservation: int) -> Response:
    """Return the current temporary QR or code access for an active reservation."""
    reservation = selectors.reservation_of(user=request_user(request), pk=id_reservation)
    return Response(AccessPayloadSerializer(services.access_payload(reservation)).data)


@extend_schema(
    operation_id="send_reservation_access_code", request=None,
    responses={202: OpenApiResponse(description="SMS mis en file d'envoi"), **_ERRORS,
               429: OpenApiResponse(description="Trop d'envois (Retry-After)")},
)
@api_view(["POST"])
def send_reservation_access_code(request: Request, id_reservation: int) -> Response:
    """Send the current temporary reservation code by SMS."""
    reservation = selectors.reservation_of(user=request_user(request), pk=id_reservation)
    services.reservation_send_access_code(reservation=reservation, ip=client_ip(request))
    return Response({"detail": _("SMS being sent."), "queued": True}, status=status.HTTP_202_ACCEPTED)
