"""(ext) CSV exports of reservations and sessions for the console: staff (the network), technicians (scoped).

The answer is streamed (`StreamingHttpResponse` over the selector's row iterator): memory stays flat
whatever the number of rows. Filters are those of `admin_reservations` and `admin_sessions` (`scope`,
`station`, `statut` or `charge_state`, `q`); without `scope`, both lists in one file. The file's format
is described in `api/serializers/exports.py` (UTF-8 with BOM, RFC 4180, ISO 8601 dates with offset).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from api.models import ChargeSessionState, ReservationStatus
from api.permissions import IsStaffUser
from api.selectors.exports import (
    DATETIME_COLUMNS,
    RESERVATION_COLUMNS,
    RESERVATION_SCOPES,
    SESSION_COLUMNS,
    SESSION_SCOPES,
    TEXT_COLUMNS,
    reservation_export_rows,
    session_export_rows,
)
from api.selectors.supervision import technician_scope
from api.serializers.exports import csv_chunks
from api.serializers.fields import MAX_ID

from .admin_network import READ_ERRORS


class CsvRenderer(BaseRenderer):
    """Lets a client ask for `Accept: text/csv`; an error answer is still JSON (`{detail, code}` or fields)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode()


class AcceptOnly(DefaultContentNegotiation):
    """Only `Accept` chooses the renderer: `?format=` is not a parameter of the exports (no 404 for it)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # type: ignore[assignment]


def _negotiation(view: Any) -> Any:
    view.cls.content_negotiation_class = AcceptOnly
    return view


class _Filters(serializers.Serializer):
    station = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ReservationExportFilters(_Filters):
    scope = serializers.ChoiceField(choices=RESERVATION_SCOPES, required=False)
    statut = serializers.ChoiceField(choices=ReservationStatus.choices, required=False)


class SessionExportFilters(_Filters):
    scope = serializers.ChoiceField(choices=SESSION_SCOPES, required=False)
    charge_state = serializers.ChoiceField(choices=ChargeSessionState.choices, required=False)


def _csv(request: Request, name: str, filters_class: type[_Filters], columns: tuple[tuple[str, str], ...],
         rows: Callable[..., Iterator[tuple[Any, ...]]], stations: set[int] | None) -> StreamingHttpResponse:
    query = filters_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    filters = {key: value for key, value in query.validated_data.items() if value not in ("", None)}
    chunks = csv_chunks([header for header, _ in columns], rows(stations=stations, **filters),
                        datetimes=DATETIME_COLUMNS, texts=TEXT_COLUMNS)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}_{filters.get("scope", "all")}_{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _schema(operation_id: str, what: str, filters: list[OpenApiParameter]) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[*filters, OpenApiParameter("station", int), OpenApiParameter("q", str),
                    OpenApiParameter("format", exclude=True)],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"(ext) {what}: CSV, UTF-8 with BOM, RFC 4180, dates ISO 8601 with offset; "
                            "`Content-Disposition: attachment` names the file.",
            ),
            (400, "application/json"): OpenApiResponse(description="Invalid filter (errors by field)."),
            **{(code, "application/json"): body for code, body in READ_ERRORS.items()},
        },
    )


_RESERVATION_PARAMS = [OpenApiParameter("scope", str, enum=RESERVATION_SCOPES, description="Without scope: every one."),
                       OpenApiParameter("statut", str, enum=ReservationStatus.values)]
_SESSION_PARAMS = [OpenApiParameter("scope", str, enum=SESSION_SCOPES, description="Without scope: every one."),
                   OpenApiParameter("charge_state", str, enum=ChargeSessionState.values)]


@_schema("admin_export_reservations", "Reservations of the network", _RESERVATION_PARAMS)
@_negotiation
@api_view(["GET"])
@renderer_classes([JSONRenderer, CsvRenderer])
@permission_classes([IsStaffUser])
def admin_export_reservations(request: Request) -> StreamingHttpResponse:
    """(ext) Every reservation matching the filters, as a streamed CSV file."""
    return _csv(request, "reservations", ReservationExportFilters, RESERVATION_COLUMNS, reservation_export_rows,
                None)


@_schema("admin_export_sessions", "Charging sessions of the network", _SESSION_PARAMS)
@_negotiation
@api_view(["GET"])
@renderer_classes([JSONRenderer, CsvRenderer])
@permission_classes([IsStaffUser])
def admin_export_sessions(request: Request) -> StreamingHttpResponse:
    """(ext) Every charging session matching the filters, as a streamed CSV file."""
    return _csv(request, "sessions", SessionExportFilters, SESSION_COLUMNS, session_export_rows, None)


@_schema("technician_export_reservations", "Reservations of the technician's stations", _RESERVATION_PARAMS)
@_negotiation
@api_view(["GET"])
@renderer_classes([JSONRenderer, CsvRenderer])
@permission_classes([IsAuthenticated])
def technician_export_reservations(request: Request) -> StreamingHttpResponse:
    """(ext) The reservations of the stations of the technician's active assignments, as a streamed CSV file."""
    return _csv(request, "reservations", ReservationExportFilters, RESERVATION_COLUMNS, reservation_export_rows,
                technician_scope(user=request.user))


@_schema("technician_export_sessions", "Charging sessions of the technician's stations", _SESSION_PARAMS)
@_negotiation
@api_view(["GET"])
@renderer_classes([JSONRenderer, CsvRenderer])
@permission_classes([IsAuthenticated])
def technician_export_sessions(request: Request) -> StreamingHttpResponse:
    """(ext) The sessions of the stations of the technician's active assignments, as a streamed CSV file."""
    return _csv(request, "sessions", SessionExportFilters, SESSION_COLUMNS, session_export_rows,
                technician_scope(user=request.user))
