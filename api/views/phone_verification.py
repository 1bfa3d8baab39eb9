"""(ext) The signed-in driver's phone number, verified by a code sent by SMS."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.request_meta import client_ip, request_user
from api.serializers.accounts import ProfileSerializer
from api.serializers.verification import PhoneVerificationConfirmSerializer, PhoneVerificationSentSerializer
from api.services import phone_verification as services

from .auth import ErrorResponse


@extend_schema(
    request=None,
    responses={202: PhoneVerificationSentSerializer, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse,
               429: OpenApiResponse(ErrorResponse, description="Too many codes (Retry-After).")},
    operation_id="phone_verification_send",
)
@api_view(["POST"])
def phone_verification_send(request: Request) -> Response:
    """Send a verification code by SMS to the phone number of the user's profile."""
    sent = services.phone_verification_send(user=request_user(request), ip=client_ip(request))
    return Response(PhoneVerificationSentSerializer(sent).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    request=PhoneVerificationConfirmSerializer,
    responses={200: ProfileSerializer,
               400: OpenApiResponse(description="Field errors, or `{detail, code}`: `no_pending_code`, "
                                                "`code_expired`, `code_exhausted`, `code_invalid`."),
               401: ErrorResponse, 409: ErrorResponse},
    operation_id="phone_verification_confirm",
)
@api_view(["POST"])
def phone_verification_confirm(request: Request) -> Response:
    """Verify the profile's phone number with the code received by SMS."""
    serializer = PhoneVerificationConfirmSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = services.phone_verification_confirm(user=request_user(request), code=serializer.validated_data["code"],
                                               ip=client_ip(request))
    return Response(ProfileSerializer(user).data)
