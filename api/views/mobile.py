"""Phone pairing: the kiosk's pairing views (terminal key) and the phone's views (user JWT)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import MobileSession
from api.permissions import IsKiosk
from api.request_meta import client_ip, request_user
from api.selectors import terminal as selectors
from api.serializers.reservations import ReservationSerializer
from api.serializers.terminal import (
    MobileSessionAuthorizeSerializer,
    MobileSessionCreatedSerializer,
    MobileSessionStatusSerializer,
    MobileSessionTokenSerializer,
    TerminalSessionOpenedSerializer,
)
from api.services import pairing as services
from api.views.terminal import KIOSK_AUTH, KIOSK_ERRORS, kiosk_borne, opened_response

USER_ERRORS = {401: OpenApiResponse(description="Non authentifie"), 404: OpenApiResponse(description="Introuvable"),
               409: OpenApiResponse(description="Conflit (reason)")}
MobileSessionDetailSerializer = inline_serializer("MobileSessionDetail", fields={
    "status": serializers.CharField(), "expires_at": serializers.DateTimeField(),
    "borne_nom": serializers.CharField(), "station_nom": serializers.CharField(),
    "reservations": ReservationSerializer(many=True),
})


# The pairing token in a path: `random_token` output (URL-safe base64), so invalid tokens can be described too.
TOKEN_PATH = OpenApiParameter(
    "token", str, OpenApiParameter.PATH, pattern=r"^[A-Za-z0-9_-]{16,128}$",
    description="Pairing token shown by the kiosk's QR code (URL-safe).",
)


def _status(pairing: MobileSession) -> Response:
    return Response(MobileSessionStatusSerializer(
        {"status": services.pairing_status(pairing), "id_reservation": pairing.reservation_id}).data)


def _body_token(request: Request) -> str:
    serializer = MobileSessionTokenSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return str(serializer.validated_data["token"])


# --- kiosk side ---------------------------------------------------------------------------------------


@extend_schema(operation_id="terminal_create_mobile_session", request=None,
               responses={201: MobileSessionCreatedSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_create_mobile_session(request: Request) -> Response:
    """Create a short-lived pairing session opened by a phone from the kiosk QR."""
    pairing, token = services.pairing_create(borne=kiosk_borne(request))
    body = {"token": token, "expires_at": pairing.expires_at, "qr_payload": services.pairing_qr_payload(token)}
    return Response(MobileSessionCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(operation_id="terminal_mobile_session_status", parameters=[TOKEN_PATH],
               responses={200: MobileSessionStatusSerializer, **KIOSK_ERRORS})
@api_view(["GET"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_mobile_session_status(request: Request, token: str) -> Response:
    """Return the current authorization state for a kiosk/mobile pairing token."""
    return _status(selectors.pairing_for_kiosk(borne=kiosk_borne(request), token=token))


@extend_schema(operation_id="terminal_mobile_session_status_from_body", request=MobileSessionTokenSerializer,
               responses={200: MobileSessionStatusSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_mobile_session_status_from_body(request: Request) -> Response:
    """Return a mobile session state using a fixed terminal endpoint."""
    return _status(selectors.pairing_for_kiosk(borne=kiosk_borne(request), token=_body_token(request)))


def _consume(request: Request, token: str) -> Response:
    borne = kiosk_borne(request)
    pairing = selectors.pairing_for_kiosk(borne=borne, token=token)
    return opened_response(services.pairing_consume(pairing=pairing, borne=borne, ip=client_ip(request)))


@extend_schema(operation_id="terminal_consume_mobile_session", request=None, parameters=[TOKEN_PATH],
               responses={201: TerminalSessionOpenedSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_consume_mobile_session(request: Request, token: str) -> Response:
    """Open the charging session authorized from the user's phone."""
    return _consume(request, token)


@extend_schema(operation_id="terminal_consume_mobile_session_from_body", request=MobileSessionTokenSerializer,
               responses={201: TerminalSessionOpenedSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_consume_mobile_session_from_body(request: Request) -> Response:
    """Consume a mobile authorization using a fixed terminal endpoint."""
    return _consume(request, _body_token(request))


# --- phone side ---------------------------------------------------------------------------------------


@extend_schema(operation_id="mobile_session_detail", parameters=[TOKEN_PATH],
               responses={200: MobileSessionDetailSerializer, **USER_ERRORS})
@api_view(["GET"])
def mobile_session_detail(request: Request, token: str) -> Response:
    """Return a kiosk pairing session and the user's reservations usable from it."""
    user = request_user(request)
    pairing = selectors.pairing_for_user(token=token, user_id=user.pk)
    usable = selectors.usable_reservations(utilisateur=user, borne=pairing.borne)
    return Response({
        "status": services.pairing_status(pairing), "expires_at": pairing.expires_at,
        "borne_nom": pairing.borne.nom, "station_nom": pairing.borne.station.nom,
        "reservations": ReservationSerializer(usable, many=True).data,
    })


@extend_schema(operation_id="mobile_session_authorize", request=MobileSessionAuthorizeSerializer,
               parameters=[TOKEN_PATH],
               responses={200: MobileSessionStatusSerializer, 400: OpenApiResponse(description="Donnees invalides"),
                          **USER_ERRORS})
@api_view(["POST"])
def mobile_session_authorize(request: Request, token: str) -> Response:
    """Authorize one user reservation for the kiosk paired with this token."""
    serializer = MobileSessionAuthorizeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = request_user(request)
    pairing = selectors.pairing_for_user(token=token, user_id=user.pk)
    pairing = services.pairing_authorize(pairing=pairing, utilisateur=user, ip=client_ip(request),
                                         **serializer.validated_data)
    return _status(pairing)
