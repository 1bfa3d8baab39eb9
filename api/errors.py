"""One error hierarchy for the domain, and the exception handler that turns it into HTTP answers.

Services raise `ApplicationError` subclasses; views never build error responses by hand. The answer
keeps DRF's `{"detail": ...}` shape (plus a machine-readable `code`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class ApplicationError(Exception):
    """Base of every domain error: a message (translated, docs/translations.md), a stable code and the HTTP
    status it maps to."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_message: Any = _("Invalid request.")
    default_code = "invalid"
    # Whether this refusal, at a kiosk, counts towards the per-kiosk failure limit (a guess): only the
    # answers a guesser gets (credential unknown, revoked, not for this cabinet or bay: 403/404) count. A
    # genuine credential refused for its state (409), a throttled attempt (429) or failing equipment (503)
    # does not, so a new refusal cannot forget to say which it is.
    counts_as_guess: bool = False

    def __init__(self, message: Any = None, *, code: str | None = None, extra: dict[str, Any] | None = None):
        self.message = message if message is not None else self.default_message
        self.code = code or self.default_code
        self.extra = extra or {}
        super().__init__(str(self.message))


class InvalidInput(ApplicationError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_message = _("Invalid data.")
    default_code = "invalid"


class Forbidden(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    counts_as_guess = True
    default_message = _("Action not allowed.")
    default_code = "forbidden"


class NotFound(ApplicationError):
    status_code = status.HTTP_404_NOT_FOUND
    counts_as_guess = True
    default_message = _("Resource not found.")
    default_code = "not_found"


class Conflict(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    default_message = _("Conflict with the current state.")
    default_code = "conflict"


class InvalidTransition(Conflict):
    default_message = _("Invalid state transition.")
    default_code = "invalid_transition"


class Locked(ApplicationError):
    status_code = status.HTTP_423_LOCKED
    default_message = _("Account temporarily locked.")
    default_code = "locked"


class TooManyAttempts(ApplicationError):
    """429 with a `Retry-After` header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_message = _("Too many attempts. Try again later.")
    default_code = "throttled"

    def __init__(self, message: Any = None, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(1, int(retry_after))


class ServiceUnavailable(ApplicationError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_message = _("Service temporarily unavailable.")
    default_code = "unavailable"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors and Django's own exceptions to DRF responses."""
    if isinstance(exc, ApplicationError):
        data: dict[str, Any] = {"detail": str(exc.message), "code": exc.code, **exc.extra}
        response = Response(data, status=exc.status_code)
        if isinstance(exc, TooManyAttempts):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Resource not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.PermissionDenied) and isinstance(exc.detail, str):
        # A permission's `message` may be a catalogue key kept as a plain string (`IsStaffUser.message`, as
        # the reference documents it): the person reads its translation.
        exc.detail = exceptions.ErrorDetail(gettext(str(exc.detail)), code=exc.detail.code)
    handled = drf_exception_handler(exc, context)
    # DRF's own errors (401, 403, 404, 405, 415, 429) get the same `{"detail", "code"}` shape as ours.
    if handled is not None and isinstance(handled.data, dict) and "detail" in handled.data:
        detail = handled.data["detail"]
        handled.data.setdefault("code", getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
    return handled


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """`handler404`: a URL that matches no route (e.g. `/api/reservations/abc/`) answers the API's JSON 404."""
    return JsonResponse({"detail": str(_("Resource not found.")), "code": "not_found"}, status=404)
