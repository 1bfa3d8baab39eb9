"""Reads of badges and access attempts, scoped by the actor: another user's badge is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from api.errors import NotFound
from api.models import BADGE_PENDING, AccessAttempt, Authentification, ReservationAuthChoice, Utilisateur


def _rfid(user: Utilisateur) -> QuerySet[Authentification]:
    return Authentification.objects.filter(
        utilisateur=user, type_auth__libelle=ReservationAuthChoice.RFID
    ).select_related("type_auth")


def badges_of(*, user: Utilisateur) -> QuerySet[Authentification]:
    """The user's active badges and the pending one waiting for its kiosk link."""
    return _rfid(user).filter(Q(is_active=True) | Q(metadata__status=BADGE_PENDING, hash_valeur=""))


def active_badges_of(*, user: Utilisateur) -> QuerySet[Authentification]:
    return _rfid(user).filter(is_active=True)


def badge_of(*, user: Utilisateur, pk: int) -> Authentification:
    badge = _rfid(user).filter(pk=pk).first()
    if badge is None:
        raise NotFound()
    return badge


def access_attempts_of(*, user: Utilisateur) -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(utilisateur=user).select_related("borne", "reservation").order_by(
        "-created_at", "-id"
    )


def user_get(*, pk: int) -> Utilisateur:
    user = Utilisateur.objects.filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user
