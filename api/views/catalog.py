"""The station catalog of the booking screens."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.selectors.network import catalog_stations
from api.serializers.network import CatalogStationSerializer

from .auth import ErrorResponse


@extend_schema(
    parameters=[OpenApiParameter("q", str, description="Search in the name and the address."), *PAGE_PARAMETERS],
    responses={**list_responses(CatalogStationSerializer, "CatalogStation"), 401: ErrorResponse},
    operation_id="stations_catalog",
)
@api_view(["GET"])
def stations_catalog(request: Request) -> Response:
    """Return stations with their charging bays for reservation screens."""
    stations = catalog_stations(q=request.query_params.get("q") or None)
    return paginated_response(request, stations, lambda page: CatalogStationSerializer(page, many=True).data)
