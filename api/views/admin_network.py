"""Administration of the physical network: stations, cabinets, bays, devices and kiosk keys (staff only).

The small CRUD helpers here are shared by `admin_technicians`: each view validates, loads through a
selector, calls one service and serializes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import FirmwareUpdateStatus, Utilisateur
from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.permissions import IsStaffUser
from api.request_meta import client_ip
from api.selectors import network as selectors
from api.serializers.fields import MAX_ID
from api.serializers.network import (
    BorneSerializer,
    DeviceAdminSerializer,
    EmplacementSerializer,
    StationSerializer,
    TerminalKeyStateSerializer,
    kiosk_provisioning_payload,
)
from api.services import network as services
from api.services.terminal_keys import terminal_key_issue, terminal_key_revoke

ErrorSerializer = inline_serializer("AdminError", fields={"detail": serializers.CharField(),
                                                         "code": serializers.CharField()})
READ_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer}
DETAIL_ERRORS = {**READ_ERRORS, 404: ErrorSerializer}
FIELD_ERRORS = OpenApiResponse(description="Field errors.")
WRITE_ERRORS = {**DETAIL_ERRORS, 400: FIELD_ERRORS, 409: ErrorSerializer}




class AdminListFilters(serializers.Serializer):
    """Filters of the admin lists (each list uses those that apply to it)."""

    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    borne = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    statut = serializers.CharField(required=False, allow_blank=True, help_text="Status value of the listed rows.")
    q = serializers.CharField(required=False, allow_blank=True, help_text="Search text.")


def list_filters(request: Request, filters: type[serializers.Serializer] = AdminListFilters) -> dict[str, Any]:
    serializer = filters(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def actor(request: Request) -> Utilisateur:
    return cast(Utilisateur, request.user)


def list_response(request: Request, items: Any, serializer_class: type[serializers.Serializer]) -> Response:
    return paginated_response(request, items, lambda page: serializer_class(page, many=True).data)


def create_response(
    request: Request, serializer_class: type[serializers.Serializer], service: Callable[..., Any], **extra: Any
) -> Response:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    instance = service(data=serializer.validated_data, actor=actor(request), ip=client_ip(request), **extra)
    return Response(serializer_class(instance).data, status=status.HTTP_201_CREATED)


def detail_response(
    request: Request, instance: Any, serializer_class: type[serializers.Serializer], *, name: str,
    update: Callable[..., Any], delete: Callable[..., Any] | None = None, **extra: Any,
) -> Response:
    """GET, PUT/PATCH (partial on PATCH) or DELETE of one row, the service receiving it as `name`."""
    if request.method == "GET":
        return Response(serializer_class(instance).data)
    meta = {name: instance, "actor": actor(request), "ip": client_ip(request)}
    if request.method == "DELETE" and delete is not None:
        delete(**meta)
        return Response(status=status.HTTP_204_NO_CONTENT)
    serializer = serializer_class(instance, data=request.data, partial=request.method == "PATCH")
    serializer.is_valid(raise_exception=True)
    return Response(serializer_class(update(**meta, data=serializer.validated_data, **extra)).data)


def list_create_schema(
    serializer: type[serializers.Serializer], filters: Any = AdminListFilters, list_id: str | None = None
) -> Callable[[Any], Any]:
    """GET (filtered, optionally paginated list; `list_id` defaults to `<view>_list`) and POST of an admin list."""
    def decorate(view: Any) -> Any:
        view = extend_schema(methods=["POST"], request=serializer, responses={201: serializer, **WRITE_ERRORS})(view)
        name = serializer.__name__.removesuffix("Serializer")
        return extend_schema(
            methods=["GET"], operation_id=list_id or f"{view.cls.__name__}_list",
            parameters=[filters, *PAGE_PARAMETERS],
            responses={**list_responses(serializer, name), **READ_ERRORS, 400: FIELD_ERRORS},
        )(view)
    return decorate


def detail_schema(serializer: type[serializers.Serializer], *, delete: bool = True) -> Callable[[Any], Any]:
    def decorate(view: Any) -> Any:
        if delete:
            view = extend_schema(methods=["DELETE"], responses={204: None, **DETAIL_ERRORS, 409: ErrorSerializer})(view)
        view = extend_schema(methods=["PUT", "PATCH"], request=serializer, responses={200: serializer, **WRITE_ERRORS})(
            view
        )
        return extend_schema(methods=["GET"], responses={200: serializer, **DETAIL_ERRORS})(view)
    return decorate


@list_create_schema(StationSerializer)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_stations(request: Request) -> Response:
    """List stations or create a station from the administration API."""
    if request.method == "POST":
        return create_response(request, StationSerializer, services.station_create)
    filters = list_filters(request)
    stations = selectors.station_list(statut=filters.get("statut"), q=filters.get("q"))
    return list_response(request, stations, StationSerializer)


@detail_schema(StationSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_station_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one station from the administration API."""
    return detail_response(
        request, selectors.station_get(pk=pk), StationSerializer, name="station",
        update=services.station_update, delete=services.station_delete,
    )


@list_create_schema(BorneSerializer)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_bornes(request: Request) -> Response:
    """List physical charging cabinets or create one from the administration API."""
    if request.method == "POST":
        return create_response(request, BorneSerializer, services.borne_create)
    filters = list_filters(request)
    bornes = selectors.borne_list(station=filters.get("station"), statut=filters.get("statut"), q=filters.get("q"))
    return list_response(request, bornes, BorneSerializer)


@detail_schema(BorneSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_borne_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one physical charging cabinet."""
    return detail_response(
        request, selectors.borne_get(pk=pk), BorneSerializer, name="borne",
        update=services.borne_update, delete=services.borne_delete,
    )


TerminalKeySerializer = inline_serializer(
    "TerminalKeyIssued",
    fields={"terminal_key": serializers.CharField(), "key_prefix": serializers.CharField(),
            "created_at": serializers.DateTimeField(),
            "provisioning_payload": serializers.CharField(help_text="(ext) The provisioning QR's content (JSON).")},
)


@extend_schema(methods=["DELETE"], request=None, responses={204: None, **DETAIL_ERRORS})
@extend_schema(methods=["POST"], request=None, responses={201: TerminalKeySerializer, **DETAIL_ERRORS})
@api_view(["POST", "DELETE"])
@permission_classes([IsStaffUser])
def admin_borne_terminal_key(request: Request, pk: int) -> Response:
    """(ext) Issue or rotate the cabinet's kiosk key (shown once, 201), or revoke it (204)."""
    borne = selectors.borne_get(pk=pk)
    if request.method == "DELETE":
        terminal_key_revoke(borne=borne, actor=actor(request), ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
    issued = terminal_key_issue(borne=borne, actor=actor(request), ip=client_ip(request))
    payload = kiosk_provisioning_payload(api_base=request.build_absolute_uri("/api/"), borne=borne,
                                         terminal_key=issued.terminal_key)
    return Response({**asdict(issued), "provisioning_payload": payload}, status=status.HTTP_201_CREATED)


class TerminalKeyFilters(serializers.Serializer):
    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    borne = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None,
                                         help_text="true: keys in use; false: revoked keys.")


@extend_schema(
    parameters=[TerminalKeyFilters, *PAGE_PARAMETERS],
    responses={**list_responses(TerminalKeyStateSerializer, "TerminalKeyState"), **READ_ERRORS, 400: FIELD_ERRORS},
    operation_id="admin_terminal_keys",
)
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_terminal_keys(request: Request) -> Response:
    """(ext) The cabinets' kiosk keys: prefix, issue, last use, revocation (never the key itself)."""
    filters = list_filters(request, TerminalKeyFilters)
    return list_response(request, selectors.terminal_key_list(**filters), TerminalKeyStateSerializer)


@list_create_schema(EmplacementSerializer)
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_emplacements(request: Request) -> Response:
    """List charging bays or create one from the administration API."""
    if request.method == "POST":
        return create_response(request, EmplacementSerializer, services.emplacement_create)
    filters = list_filters(request)
    emplacements = selectors.emplacement_list(
        station=filters.get("station"), borne=filters.get("borne"), statut=filters.get("statut"), q=filters.get("q")
    )
    return list_response(request, emplacements, EmplacementSerializer)


@detail_schema(EmplacementSerializer)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_emplacement_detail(request: Request, pk: int) -> Response:
    """Retrieve, update or delete one charging bay from the admin API."""
    return detail_response(
        request, selectors.emplacement_get(pk=pk), EmplacementSerializer, name="emplacement",
        update=services.emplacement_update, delete=services.emplacement_delete,
    )


class DeviceListFilters(AdminListFilters):
    firmware_update_status = serializers.ChoiceField(
        choices=FirmwareUpdateStatus.choices, required=False, help_text="(ext) Firmware/OTA state (OTA progress)."
    )


@extend_schema(
    parameters=[DeviceListFilters, *PAGE_PARAMETERS],
    responses={**list_responses(DeviceAdminSerializer, "DeviceAdmin"), **READ_ERRORS, 400: FIELD_ERRORS},
    operation_id="admin_devices",
)
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_devices(request: Request) -> Response:
    """List embedded devices with inventory and firmware policy fields (`?statut=` filters the status)."""
    filters = list_filters(request, DeviceListFilters)
    devices = selectors.device_list(
        station=filters.get("station"), borne=filters.get("borne"), statut=filters.get("statut"), q=filters.get("q"),
        firmware_update_status=filters.get("firmware_update_status"),
    )
    return list_response(request, devices, DeviceAdminSerializer)


@detail_schema(DeviceAdminSerializer, delete=False)
@api_view(["GET", "PUT", "PATCH"])
@permission_classes([IsStaffUser])
def admin_device_detail(request: Request, pk: int) -> Response:
    """Retrieve or update one ESP32 inventory record."""
    return detail_response(
        request, selectors.device_get(pk=pk), DeviceAdminSerializer, name="device", update=services.device_update
    )
