"""Public authentication: registration, login, refresh-cookie rotation, logout, current user."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import Utilisateur
from api.request_meta import client_ip, request_user
from api.selectors.accounts import email_available, pseudo_available
from api.serializers.accounts import (
    LoginSerializer,
    ProfileSerializer,
    RegisterAvailabilityQuerySerializer,
    RegisterSerializer,
)
from api.services.accounts import normalize_email, normalize_pseudo, user_login, user_register
from api.services.tokens import token_revoke, tokens_issue, tokens_rotate
from api.throttles import AvailabilityThrottle, LoginThrottle, PublicThrottle
from api.views.refresh_cookie import clear_refresh_cookie, set_refresh_cookie

ErrorResponse = inline_serializer(
    "ErrorDetail", fields={"detail": serializers.CharField(), "code": serializers.CharField(required=False)}
)
_Availability = inline_serializer(
    "RegisterAvailability",
    fields={"pseudo_available": serializers.BooleanField(allow_null=True),
            "email_available": serializers.BooleanField(allow_null=True)},
)
SessionSchema = inline_serializer(
    "AuthSession", fields={"access": serializers.CharField(), "user": ProfileSerializer()},
)
_Access = inline_serializer("AccessToken", fields={"access": serializers.CharField()})
_REFRESH_COOKIE = "Sets the HttpOnly, SameSite=Strict refresh cookie (path /api/auth/)."



def session_response(user: Utilisateur, *, http_status: int = status.HTTP_200_OK) -> Response:
    """`{"access", "user"}` with a fresh refresh token in its cookie."""
    pair = tokens_issue(user=user)
    response = Response({"access": pair.access, "user": ProfileSerializer(user).data}, status=http_status)
    set_refresh_cookie(response, pair.refresh)
    return response


@extend_schema(
    parameters=[RegisterAvailabilityQuerySerializer],
    responses={200: _Availability, 400: OpenApiResponse(description="Neither pseudo nor email."),
               429: ErrorResponse},
    operation_id="register_availability",
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([AvailabilityThrottle])
def register_availability(request: Request) -> Response:
    """Report whether a pseudo or email can be used for registration."""
    query = RegisterAvailabilityQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    pseudo, email = query.validated_data.get("pseudo"), query.validated_data.get("email")
    return Response({
        "pseudo_available": pseudo_available(normalize_pseudo(pseudo)) if pseudo else None,
        "email_available": email_available(normalize_email(email)) if email else None,
    })


@extend_schema(
    request=RegisterSerializer,
    responses={201: OpenApiResponse(SessionSchema, description=_REFRESH_COOKIE), 400: None, 409: ErrorResponse,
               429: ErrorResponse},
    operation_id="register",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def register(request: Request) -> Response:
    """Create a user account and return an authenticated JWT session."""
    serializer = RegisterSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    # The language the app asked in (Accept-Language, through LocaleMiddleware) becomes the account's.
    user = user_register(**serializer.register_arguments(), ip=client_ip(request),
                         language=(translation.get_language() or "fr")[:2])
    return session_response(user, http_status=status.HTTP_201_CREATED)


@extend_schema(
    request=LoginSerializer,
    responses={200: OpenApiResponse(SessionSchema, description=_REFRESH_COOKIE), 400: None, 401: ErrorResponse,
               403: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse},
    operation_id="login",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def login(request: Request) -> Response:
    """Authenticate a user and issue access and refresh tokens."""
    serializer = LoginSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = user_login(identifier=serializer.validated_data["pseudo"],
                      password=serializer.validated_data["password"], ip=client_ip(request))
    return session_response(user)


@extend_schema(
    request=None,
    parameters=[OpenApiParameter("refresh_token", location=OpenApiParameter.COOKIE, required=True)],
    responses={200: OpenApiResponse(_Access, description=_REFRESH_COOKIE), 401: ErrorResponse},
    operation_id="refresh_token",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def refresh_token(request: Request) -> Response:
    """Issue a new access token from the HttpOnly refresh cookie."""
    pair = tokens_rotate(raw=request.COOKIES.get(settings.REFRESH_COOKIE_NAME), ip=client_ip(request))
    response = Response({"access": pair.access})
    set_refresh_cookie(response, pair.refresh)
    return response


@extend_schema(request=None, responses={204: None, 401: ErrorResponse}, operation_id="logout")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def logout(request: Request) -> Response:
    """Clear the HttpOnly refresh cookie used by the browser session."""
    raw = request.COOKIES.get(settings.REFRESH_COOKIE_NAME)
    token_revoke(raw=raw, user=request_user(request), ip=client_ip(request))
    response = Response(status=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response)
    return response


@extend_schema(responses={200: ProfileSerializer, 401: ErrorResponse}, operation_id="me")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request: Request) -> Response:
    """Return the current authenticated user's profile summary."""
    return Response(ProfileSerializer(request_user(request)).data)
