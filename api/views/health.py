"""Liveness and readiness probes (ext)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.selectors.health import broker_reachable, database_reachable

_HealthSerializer = inline_serializer(
    "Health", fields={"status": serializers.CharField(), "database": serializers.BooleanField(required=False),
                      "broker": serializers.BooleanField(required=False)},
)


@extend_schema(responses={200: _HealthSerializer}, operation_id="health")
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request: Request) -> Response:
    """Answer 200 while the process serves requests."""
    return Response({"status": "ok"})


@extend_schema(responses={200: _HealthSerializer, 503: _HealthSerializer}, operation_id="health_ready")
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health_ready(request: Request) -> Response:
    """Answer 200 when the database and the MQTT broker are reachable, 503 otherwise."""
    database = database_reachable()
    broker = broker_reachable()
    ready = database and broker
    return Response(
        {"status": "ok" if ready else "unavailable", "database": database, "broker": broker},
        status=status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE,
    )
