"""The station catalog of the booking screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import Station
from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.selectors.network import catalog_cabinets, catalog_stations
from api.serializers.network import CatalogStationSerializer, catalog_station_rows

from .auth import ErrorResponse


@extend_schema(
    parameters=[OpenApiParameter("q", str, description="Search in the name and the address."), *PAGE_PARAMETERS],
    responses={**list_responses(CatalogStationSerializer, "CatalogStation"), 401: ErrorResponse},
    operation_id="stations_catalog",
)
@api_view(["GET"])
def stations_catalog(request: Request) -> Response:
    """Return stations with their charging bays for reservation screens."""
    return paginated_response(request, catalog_stations(q=request.query_params.get("q") or None), _with_cabinets)


def _with_cabinets(stations: Iterable[Station]) -> list[Any]:
    stations = list(stations)
    return catalog_station_rows(stations, catalog_cabinets(station_ids=[station.pk for station in stations]))
