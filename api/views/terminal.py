"""Kiosk views (terminal key): authenticate, stop, badge linking, offline cache and events."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.authentication import KioskPrincipal, TerminalKeyAuthentication, kiosk_opening_authentication
from api.models import Borne
from api.permissions import IsKiosk
from api.request_meta import client_ip
from api.selectors import terminal as selectors
from api.serializers.auth_methods import AuthMethodSerializer
from api.serializers.terminal import (
    OfflineCacheSerializer,
    OfflineEventsResultSerializer,
    OfflineEventsSerializer,
    TerminalAuthenticateSerializer,
    TerminalRfidLinkSerializer,
    TerminalSessionOpenedSerializer,
    TerminalStopSerializer,
)
from api.services import offline, offline_cache, terminal
from api.services.badges import rfid_link_consume

KIOSK_AUTH = [TerminalKeyAuthentication]
# The views that open a session: the key's statement also reads the failure count (DRF calls each entry).
KIOSK_OPENING_AUTH = cast(list[type[BaseAuthentication]], [kiosk_opening_authentication])
KIOSK_ERRORS = {
    400: OpenApiResponse(description="Donnees invalides"), 401: OpenApiResponse(description="Cle de borne absente"),
    403: OpenApiResponse(description="Refuse (reason)"),
    404: OpenApiResponse(description="Introuvable sur cette borne"),
    409: OpenApiResponse(description="Conflit (reason)"), 429: OpenApiResponse(description="Trop d'echecs"),
}


def kiosk_principal(request: Request) -> KioskPrincipal:
    """The authenticated kiosk (permissions already required `IsKiosk`)."""
    return cast(KioskPrincipal, request.user)


def kiosk_borne(request: Request) -> Borne:
    """The cabinet of the authenticated kiosk (permissions already required `IsKiosk`)."""
    return kiosk_principal(request).borne


def opened_response(opened: terminal.OpenedSession) -> Response:
    body = {
        "id_session": opened.session.pk, "charge_state": opened.session.charge_state,
        "reference_code": opened.reservation.reference_code,
        "emplacement_numero": opened.reservation.emplacement.numero, "command_id": opened.command_id,
    }
    return Response(TerminalSessionOpenedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(operation_id="terminal_authenticate", request=TerminalAuthenticateSerializer,
               responses={201: TerminalSessionOpenedSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_OPENING_AUTH)
@permission_classes([IsKiosk])
def terminal_authenticate(request: Request) -> Response:
    """Validate terminal access credentials and open a charging session."""
    serializer = TerminalAuthenticateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    kiosk = kiosk_principal(request)
    return opened_response(terminal.terminal_authenticate(
        borne=kiosk.borne, ip=client_ip(request), failures=kiosk.failures, **serializer.validated_data))


@extend_schema(operation_id="terminal_stop_session", request=None,
               responses={200: TerminalStopSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_stop_session(request: Request, id_session: int) -> Response:
    """Close the active charging session after the ESP32 confirms a stop command."""
    session = selectors.session_for_kiosk(borne=kiosk_borne(request), id_session=id_session)
    session, command_id = terminal.session_stop_request(session=session)
    return Response(TerminalStopSerializer(
        {"id_session": session.pk, "charge_state": session.charge_state, "command_id": command_id}).data)


@extend_schema(operation_id="terminal_link_rfid", request=TerminalRfidLinkSerializer,
               responses={201: AuthMethodSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_link_rfid(request: Request) -> Response:
    """Link a scanned badge to the user whose one-use link code was typed at the kiosk."""
    serializer = TerminalRfidLinkSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    badge = rfid_link_consume(borne=kiosk_borne(request), **serializer.validated_data)
    return Response(AuthMethodSerializer(badge).data, status=status.HTTP_201_CREATED)


@extend_schema(operation_id="terminal_offline_cache", responses={200: OfflineCacheSerializer, **KIOSK_ERRORS})
@api_view(["GET"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_offline_cache(request: Request) -> Response:
    """Return near-term reservations a kiosk may validate locally if backend is down."""
    terminal_key = get_authorization_header(request).split()[1].decode()
    return Response(offline_cache.offline_cache_build(borne=kiosk_borne(request), terminal_key=terminal_key))


@extend_schema(operation_id="terminal_offline_events", request=OfflineEventsSerializer,
               responses={200: OfflineEventsResultSerializer, **KIOSK_ERRORS})
@api_view(["POST"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_offline_events(request: Request) -> Response:
    """Reconcile locally accepted kiosk events after a backend outage."""
    serializer = OfflineEventsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    results = offline.offline_events_reconcile(borne=kiosk_borne(request), events=serializer.validated_data["events"])
    return Response(OfflineEventsResultSerializer({"results": results}).data)
