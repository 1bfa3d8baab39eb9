"""Kiosk reads (terminal key): its own cabinet, a session of it followed live, its broker account."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsKiosk
from api.selectors.kiosk import kiosk_broker_credentials, kiosk_cabinet, kiosk_session_detail
from api.serializers.kiosk import KioskBrokerSerializer, KioskCabinetSerializer, KioskSessionSerializer
from api.views.terminal import KIOSK_AUTH, kiosk_borne

READ_ERRORS = {401: OpenApiResponse(description="Cle de borne absente, revoquee ou remplacee"),
               404: OpenApiResponse(description="Introuvable sur cette borne")}


@extend_schema(operation_id="terminal_cabinet", responses={200: KioskCabinetSerializer, **READ_ERRORS})
@api_view(["GET"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_cabinet(request: Request) -> Response:
    """(ext) The kiosk's own cabinet: station, bays (with their open session) and the kiosk's time rules."""
    return Response(KioskCabinetSerializer(kiosk_cabinet(borne=kiosk_borne(request))).data)


@extend_schema(operation_id="terminal_session_detail", responses={200: KioskSessionSerializer, **READ_ERRORS})
@api_view(["GET"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_session_detail(request: Request, id_session: int) -> Response:
    """(ext) A session of this cabinet: state, energy, current, voltage, power, plug deadline, telemetry."""
    detail = kiosk_session_detail(borne=kiosk_borne(request), id_session=id_session)
    return Response(KioskSessionSerializer(detail).data)


@extend_schema(operation_id="terminal_broker_credentials", responses={200: KioskBrokerSerializer, **READ_ERRORS})
@api_view(["GET"])
@authentication_classes(KIOSK_AUTH)
@permission_classes([IsKiosk])
def terminal_broker_credentials(request: Request) -> Response:
    """(ext) The kiosk's own MQTT-over-WebSocket account, to open a bay itself while the API is down."""
    return Response(KioskBrokerSerializer(kiosk_broker_credentials(borne=kiosk_borne(request))).data)
