"""RFID badges: the user's own (list, link code, revoke), their access history, and the admin variants."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.permissions import IsStaffUser
from api.request_meta import client_ip, request_user
from api.selectors import credentials as selectors
from api.serializers.auth_methods import (
    AccessAttemptSerializer,
    AuthMethodSerializer,
    BadgeRegisterSerializer,
    LinkCodeSerializer,
)
from api.services import badges as services

_ERRORS = {401: OpenApiResponse(description="Non authentifie"), 404: OpenApiResponse(description="Introuvable"),
           409: OpenApiResponse(description="Conflit")}
_STAFF = {**_ERRORS, 403: OpenApiResponse(description="Reserve au staff")}


def _badges(items: object) -> object:
    return AuthMethodSerializer(items, many=True).data


def _create(request: Request) -> Response:
    auth, code, expires_at = services.rfid_link_code_create(utilisateur=request_user(request), ip=client_ip(request))
    data = LinkCodeSerializer({"id_auth": auth.pk, "code": code, "expires_at": expires_at}).data
    return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], operation_id="auth_methods", parameters=PAGE_PARAMETERS,
               responses={**_ERRORS, **list_responses(AuthMethodSerializer, "AuthMethod")})
@extend_schema(methods=["POST"], operation_id="create_auth_method", request=None,
               responses={201: LinkCodeSerializer, **_ERRORS})
@api_view(["GET", "POST"])
def auth_methods(request: Request) -> Response:
    """List saved RFID authentication methods for the authenticated user."""
    if request.method == "POST":
        return _create(request)
    return paginated_response(request, selectors.badges_of(user=request_user(request)), _badges)


@extend_schema(operation_id="create_auth_method", request=None, responses={201: LinkCodeSerializer, **_ERRORS})
@api_view(["POST"])
def create_auth_method(request: Request) -> Response:
    """Create or refresh a saved RFID authentication method for the user.

    Create a short one-use code used to link a physical RFID badge on a kiosk. (Served at the
    `auth_methods` path, whose POST runs this same operation.)
    """
    return _create(request)


@extend_schema(operation_id="delete_auth_method", responses={204: None, **_ERRORS})
@api_view(["DELETE"])
def delete_auth_method(request: Request, id_auth: int) -> Response:
    """Delete a saved RFID authentication method owned by the user."""
    badge = selectors.badge_of(user=request_user(request), pk=id_auth)
    services.rfid_badge_revoke(auth=badge, actor=request_user(request), ip=client_ip(request), reason="deleted_by_user")
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(operation_id="auth_history", parameters=PAGE_PARAMETERS,
               responses={**_ERRORS, **list_responses(AccessAttemptSerializer, "AccessAttempt")})
@api_view(["GET"])
def auth_history(request: Request) -> Response:
    """Return the reservation authentication history for the user."""
    return paginated_response(
        request, selectors.access_attempts_of(user=request_user(request)),
        lambda items: AccessAttemptSerializer(items, many=True).data,
    )


@extend_schema(methods=["GET"], parameters=PAGE_PARAMETERS, operation_id="admin_users_auth_methods_list",
               responses={**_STAFF, **list_responses(AuthMethodSerializer, "AuthMethod")})
@extend_schema(methods=["POST"], request=BadgeRegisterSerializer,
               responses={201: AuthMethodSerializer, 400: OpenApiResponse(description="Donnees invalides"), **_STAFF})
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_user_auth_methods(request: Request, id_user: int) -> Response:
    """List active RFID badges for a user, or register a replacement badge."""
    target = selectors.user_get(pk=id_user)
    if request.method == "GET":
        return paginated_response(request, selectors.active_badges_of(user=target), _badges)
    serializer = BadgeRegisterSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    badge = services.rfid_badge_register(
        utilisateur=target, uid=serializer.validated_data["uid"],
        revoke_others=serializer.validated_data["revoke_others"], actor=request_user(request), ip=client_ip(request),
    )
    return Response(AuthMethodSerializer(badge).data, status=status.HTTP_201_CREATED)


@extend_schema(operation_id="admin_revoke_user_auth_method", request=None,
               responses={200: AuthMethodSerializer, **_STAFF})
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_revoke_user_auth_method(request: Request, id_user: int, id_auth: int) -> Response:
    """Soft-revoke an active RFID badge from the administration API."""
    badge = selectors.badge_of(user=selectors.user_get(pk=id_user), pk=id_auth)
    badge = services.rfid_badge_revoke(auth=badge, actor=request_user(request), ip=client_ip(request), reason="admin")
    return Response(AuthMethodSerializer(badge).data)
