"""Authentication classes: user JWTs that die with the account's activity."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed

from api.models import UserStatus


class ActiveUserJWTAuthentication(JWTAuthentication):
    """simplejwt's Bearer authentication that also refuses suspended, archived or inactive accounts.

    Access tokens are short-lived and stateless; this check ends them as soon as the account stops being
    active, so suspension or archival takes effect on the next request.
    """

    def get_user(self, validated_token: Any) -> Any:
        user = super().get_user(validated_token)
        if not user.is_active or getattr(user, "statut", UserStatus.ACTIVE) != UserStatus.ACTIVE:
            raise AuthenticationFailed(str(_("Compte inactif.")), code="user_inactive")
        return user
