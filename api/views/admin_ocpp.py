"""(ext) Switching a cabinet to OCPP and issuing its charger's password (docs/ocpp.md), staff only."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsStaffUser
from api.request_meta import client_ip
from api.selectors import network as selectors
from api.services.ocpp import borne_ocpp_disable, borne_ocpp_enable
from api.views.admin_network import DETAIL_ERRORS, WRITE_ERRORS, actor


class OcppEnableInput(serializers.Serializer):
    ocpp_identity = serializers.RegexField(r"^[A-Za-z0-9._-]{1,48}$", help_text="The charger's identity in its URL.")


OcppPasswordSerializer = inline_serializer(
    "OcppPasswordIssued",
    fields={"ocpp_identity": serializers.CharField(), "password": serializers.CharField(),
            "created_at": serializers.DateTimeField()},
)


@extend_schema(methods=["DELETE"], request=None, responses={204: None, **DETAIL_ERRORS})
@extend_schema(methods=["POST"], request=OcppEnableInput, responses={201: OcppPasswordSerializer, **WRITE_ERRORS})
@api_view(["POST", "DELETE"])
@permission_classes([IsStaffUser])
def admin_borne_ocpp(request: Request, pk: int) -> Response:
    """(ext) Switch the cabinet to OCPP under an identity and issue or rotate its password (shown once, 201),
    or switch it back to MQTT (204)."""
    borne = selectors.borne_get(pk=pk)
    if request.method == "DELETE":
        borne_ocpp_disable(borne=borne, actor=actor(request), ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
    data = OcppEnableInput(data=request.data)
    data.is_valid(raise_exception=True)
    issued = borne_ocpp_enable(borne=borne, identity=data.validated_data["ocpp_identity"], actor=actor(request),
                               ip=client_ip(request))
    return Response(asdict(issued), status=status.HTTP_201_CREATED)
