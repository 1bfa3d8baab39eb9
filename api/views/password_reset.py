"""(ext) Forgotten password: the public request of a reset e-mail and the new password it allows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.request_meta import client_ip
from api.serializers.verification import (
    DetailSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
)
from api.services.password_reset import password_reset_request as request_reset
from api.services.password_reset import user_password_reset_confirm
from api.throttles import PasswordResetThrottle

from .auth import ErrorResponse

REQUESTED = _("If an active account matches this address, a reset e-mail has just been sent to it.")


@extend_schema(
    request=PasswordResetRequestSerializer,
    responses={202: DetailSerializer, 400: None, 429: ErrorResponse},
    operation_id="password_reset_request",
    description="The same answer whether or not the address has an account; the e-mail carries a link "
                "`{PUBLIC_BASE_URL}/reset-password#uid=...&token=...`.",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PasswordResetThrottle])
def password_reset_request(request: Request) -> Response:
    """Queue a password reset e-mail for the account of an address, without telling whether it exists."""
    serializer = PasswordResetRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    request_reset(email=serializer.validated_data["email"], ip=client_ip(request))
    return Response({"detail": REQUESTED}, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    request=PasswordResetConfirmSerializer,
    responses={200: DetailSerializer,
               400: OpenApiResponse(description="Field errors, or `{detail, code: invalid_token}`."),
               429: ErrorResponse},
    operation_id="password_reset_confirm",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PasswordResetThrottle])
def password_reset_confirm(request: Request) -> Response:
    """Set a new password from a reset link; every session of the account ends."""
    serializer = PasswordResetConfirmSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    user_password_reset_confirm(user=data["user"], token=data["token"], new_password=data["new_password"],
                                ip=client_ip(request))
    return Response({"detail": _("Password changed. You can sign in.")})
