"""User administration (staff only)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import SecurityLogStatus, UserStatus
from api.pagination import PAGE_PARAMETERS, list_responses, paginated_response
from api.permissions import IsStaffUser
from api.request_meta import client_ip, request_user
from api.selectors.accounts import admin_user_get, admin_user_list, user_security_journal
from api.serializers.accounts import (
    AdminUserSerializer,
    AdminUserUpdateSerializer,
    SecurityJournalEntrySerializer,
    SecurityJournalQuerySerializer,
)
from api.services.accounts import user_admin_create, user_erase, user_reset_password, user_update

from .auth import ErrorResponse

_TemporaryPassword = inline_serializer("TemporaryPassword", fields={"temporary_password": serializers.CharField()})
_CreatedUser = inline_serializer(
    "AdminCreatedUser",
    fields={"user": AdminUserSerializer(), "temporary_password": serializers.CharField()},
)
_FILTERS = [
    OpenApiParameter("q", str, description="Search in pseudo, e-mail and name."),
    OpenApiParameter("statut", str, enum=UserStatus.values),
    OpenApiParameter("is_staff", bool),
    *PAGE_PARAMETERS,
]
_STAFF_ERRORS = {401: ErrorResponse, 403: ErrorResponse}


class AdminUserFilterSerializer(serializers.Serializer):
    """(ext) Query filters of `admin_users`."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=150)
    statut = serializers.ChoiceField(choices=UserStatus.choices, required=False)
    is_staff = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema(methods=["GET"], parameters=_FILTERS, operation_id="admin_users_list",
               responses={**list_responses(AdminUserSerializer, "AdminUser"), 400: None, **_STAFF_ERRORS})
@extend_schema(methods=["POST"], request=AdminUserUpdateSerializer,
               responses={201: _CreatedUser, 400: None, 409: ErrorResponse, **_STAFF_ERRORS},
               description="Creates the account with a generated temporary password, shown once.")
@api_view(["GET", "POST"])
@permission_classes([IsStaffUser])
def admin_users(request: Request) -> Response:
    """List users or create a user from the administration API."""
    if request.method == "POST":
        return _admin_user_create(request)
    filters = AdminUserFilterSerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    users = admin_user_list(actor=request_user(request), **filters.validated_data)
    return paginated_response(request, users, lambda items: AdminUserSerializer(items, many=True).data)


def _admin_user_create(request: Request) -> Response:
    serializer = AdminUserUpdateSerializer(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    user, temporary = user_admin_create(
        data=serializer.validated_data, actor=request_user(request), ip=client_ip(request)
    )
    return Response({"user": AdminUserSerializer(user).data, "temporary_password": temporary},
                    status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses={200: AdminUserSerializer, 404: ErrorResponse, **_STAFF_ERRORS})
@extend_schema(methods=["PATCH"], request=AdminUserUpdateSerializer,
               responses={200: AdminUserSerializer, 400: None, 404: ErrorResponse, 409: ErrorResponse,
                          **_STAFF_ERRORS})
@extend_schema(methods=["DELETE"], request=None,
               responses={204: None, 404: ErrorResponse, 409: ErrorResponse, **_STAFF_ERRORS},
               description="Erases the account (anonymized, history kept without personal data).")
@api_view(["GET", "PATCH", "DELETE"])
@permission_classes([IsStaffUser])
def admin_user_detail(request: Request, id_user: int) -> Response:
    """Retrieve, update or delete one user from the administration API."""
    user = admin_user_get(actor=request_user(request), id_user=id_user)
    if request.method == "DELETE":
        user_erase(user=user, actor=request_user(request), ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
    if request.method == "PATCH":
        serializer = AdminUserUpdateSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=user, data=serializer.validated_data, actor=request_user(request),
                           ip=client_ip(request))
    return Response(AdminUserSerializer(user).data)


@extend_schema(request=None, responses={200: _TemporaryPassword, 404: ErrorResponse, **_STAFF_ERRORS},
               operation_id="admin_reset_user_password")
@api_view(["POST"])
@permission_classes([IsStaffUser])
def admin_reset_user_password(request: Request, id_user: int) -> Response:
    """Generate and set a new temporary password for a user."""
    user = admin_user_get(actor=request_user(request), id_user=id_user)
    temporary = user_reset_password(user=user, actor=request_user(request), ip=client_ip(request))
    return Response({"temporary_password": temporary})


@extend_schema(
    parameters=[OpenApiParameter("action", str, description="Prefix of the action (`auth.`, `admin.`, `badge.`)."),
                OpenApiParameter("statut", str, enum=SecurityLogStatus.values), *PAGE_PARAMETERS],
    responses={**list_responses(SecurityJournalEntrySerializer, "SecurityJournalEntry"), 400: None,
               **_STAFF_ERRORS},
    operation_id="admin_user_journal",
)
@api_view(["GET"])
@permission_classes([IsStaffUser])
def admin_user_journal(request: Request, id_user: int) -> Response:
    """(ext) The security journal of one user, latest first (paginated on request)."""
    user = admin_user_get(actor=request_user(request), id_user=id_user)
    query = SecurityJournalQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    entries = user_security_journal(user=user, **query.validated_data)
    return paginated_response(request, entries, lambda items: SecurityJournalEntrySerializer(items, many=True).data)
