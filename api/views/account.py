"""The signed-in user's own account: profile, consents, password, export, dashboard."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.request_meta import client_ip, request_user
from api.selectors.accounts import account_dashboard, account_export, consent_history, current_consents
from api.serializers.accounts import ConsentPreferenceSerializer, PasswordChangeSerializer, ProfileSerializer
from api.serializers.dashboard import DashboardSerializer
from api.services.accounts import consents_update, user_change_password, user_erase
from api.services.tokens import clear_refresh_cookie

from .auth import ErrorResponse, SessionSchema, session_response

_Consents = inline_serializer(
    "Consents",
    fields={
        "current": inline_serializer("ConsentChoices", fields={
            "cgu_accepted": serializers.BooleanField(allow_null=True),
            "privacy_policy_accepted": serializers.BooleanField(allow_null=True),
            "notifications_accepted": serializers.BooleanField(allow_null=True),
        }),
        "history": inline_serializer("ConsentRow", many=True, fields={
            "id_consentement": serializers.IntegerField(), "type": serializers.CharField(),
            "statut": serializers.CharField(), "date_consentement": serializers.DateTimeField(),
        }),
    },
)


def _context(request: Request) -> dict[str, Any]:
    return {"request": request, "ip": client_ip(request)}


@extend_schema(methods=["GET"], responses={200: ProfileSerializer, 401: ErrorResponse})
@extend_schema(methods=["PATCH"], request=ProfileSerializer,
               responses={200: ProfileSerializer, 400: None, 401: ErrorResponse, 409: ErrorResponse})
@extend_schema(methods=["DELETE"], request=None, responses={204: None, 401: ErrorResponse, 409: ErrorResponse},
               description="Erases the account (GDPR): personal data anonymized, history kept without them.")
@api_view(["GET", "PATCH", "DELETE"])
def profile(request: Request) -> Response:
    """Read, update or delete the authenticated user's account profile."""
    return {"GET": _profile_get, "PATCH": _profile_update, "DELETE": _profile_delete}[str(request.method)](request)


def _profile_get(request: Request) -> Response:
    return Response(ProfileSerializer(request_user(request)).data)


def _profile_update(request: Request) -> Response:
    serializer = ProfileSerializer(request_user(request), data=request.data, partial=True, context=_context(request))
    serializer.is_valid(raise_exception=True)
    user = serializer.save()
    return Response(ProfileSerializer(user).data)


def _profile_delete(request: Request) -> Response:
    user_erase(user=request_user(request), actor=request_user(request), ip=client_ip(request))
    response = Response(status=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response)
    return response


@extend_schema(methods=["GET"], responses={200: _Consents, 401: ErrorResponse})
@extend_schema(methods=["POST"], request=ConsentPreferenceSerializer,
               responses={200: _Consents, 400: None, 401: ErrorResponse})
@api_view(["GET", "POST"])
def consentements(request: Request) -> Response:
    """Expose consent history and append editable preference changes."""
    user = request_user(request)
    if request.method == "POST":
        serializer = ConsentPreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consents_update(user=user, choices=serializer.validated_data, ip=client_ip(request))
    return Response({"current": current_consents(user=user), "history": consent_history(user=user)})


@extend_schema(
    request=PasswordChangeSerializer,
    responses={200: OpenApiResponse(SessionSchema, description="New session: {access, user} and a new refresh cookie."),
               400: None, 401: ErrorResponse},
    operation_id="change_password",
)
@api_view(["POST"])
def change_password(request: Request) -> Response:
    """Change the authenticated user's password after current-password check."""
    serializer = PasswordChangeSerializer(data=request.data, context=_context(request))
    serializer.is_valid(raise_exception=True)
    user_change_password(user=request_user(request), new_password=serializer.validated_data["new_password"],
                         ip=client_ip(request))
    return session_response(request_user(request))


@extend_schema(responses={200: OpenApiTypes.OBJECT, 401: ErrorResponse}, operation_id="export_account")
@api_view(["GET"])
def export_account(request: Request) -> Response:
    """Export the authenticated user's account, reservations and audit history."""
    response = Response(account_export(user=request_user(request)))
    response["Content-Disposition"] = f'attachment; filename="export-compte-{request_user(request).pk}.json"'
    return response


@extend_schema(responses={200: DashboardSerializer, 401: ErrorResponse}, operation_id="dashboard")
@api_view(["GET"])
def dashboard(request: Request) -> Response:
    """Return the authenticated user's dashboard metrics and recent activity."""
    return Response(account_dashboard(user=request_user(request)))
