"""Permissions shared by the views."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.authentication import KioskPrincipal
from api.models import TerminalKey


class IsStaffUser(BasePermission):
    """Allow access only to authenticated Django staff users."""

    # The reference documents this literal as the attribute's value: it is kept, as a catalogue key (msgid)
    # translated in both languages when the refusal is rendered (`api.errors.exception_handler`).
    message = gettext_noop("Acces reserve aux administrateurs.")

    def has_permission(self, request: Request, view: Any) -> bool:
        """Return whether the request user has staff-level access."""
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.is_active)


class IsKiosk(BasePermission):
    """Allow only a kiosk authenticated by its cabinet's key (`TerminalKeyAuthentication`)."""

    message = _("Access restricted to kiosks.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, KioskPrincipal) and isinstance(request.auth, TerminalKey)
