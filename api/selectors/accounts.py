"""Reads of the accounts domain, always for a given actor."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.errors import NotFound
from api.models import (
    Authentification,
    Consentement,
    ConsentStatus,
    ConsentType,
    JournalSecurite,
    ProfilUtilisateur,
    Reservation,
    ReservationStatus,
    Session,
    Utilisateur,
)

CONSENT_FIELDS: dict[str, str] = {
    "cgu_accepted": ConsentType.CGU,
    "privacy_policy_accepted": ConsentType.PRIVACY,
    "notifications_accepted": ConsentType.NOTIFICATIONS,
}
OPEN_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED, ReservationStatus.ACTIVE)
DASHBOARD_LIST_SIZE = 5
PSEUDO_RE = re.compile(r"^[\w.-]{3,150}$")


def pseudo_exists(pseudo: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another account has this pseudo, whatever its case."""
    return Utilisateur.objects.filter(pseudo__iexact=pseudo).exclude(pk=exclude_pk or 0).exists()


def email_exists(email: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another account has this e-mail address, whatever its case."""
    return Utilisateur.objects.filter(email__iexact=email).exclude(pk=exclude_pk or 0).exists()


def pseudo_available(pseudo: str) -> bool:
    """Whether a normalized pseudo could be registered (valid and free)."""
    return bool(PSEUDO_RE.match(pseudo)) and not pseudo_exists(pseudo)


def email_available(email: str) -> bool:
    """Whether a normalized e-mail address could be registered (valid and free)."""
    try:
        validate_email(email)
    except ValidationError:
        return False
    return not email_exists(email)


LATEST_CONSENT_FIRST = ("-date_consentement", "-id_consentement")  # the rows are a history: the latest decides


def current_consents(*, user: Utilisateur) -> dict[str, bool | None]:
    """The latest decision per consent (None when never asked)."""
    latest: dict[str, str] = {}
    for ctype, statut in (
        Consentement.objects.filter(utilisateur=user).order_by(*LATEST_CONSENT_FIRST).values_list("type", "statut")
    ):
        latest.setdefault(ctype, statut)
    return {
        field: (latest[ctype] == ConsentStatus.ACCEPTED) if ctype in latest else None
        for field, ctype in CONSENT_FIELDS.items()
    }


def consent_accepted(ctype: str, *, user: Any = None) -> Exact:
    """Whether the latest decision of consent `ctype` is `accepted`, as a condition of a query (the rule of
    `current_consents`), for the user `user` (an expression; default: the outer row's `utilisateur`)."""
    latest = Consentement.objects.filter(utilisateur=user if user is not None else OuterRef("utilisateur_id"),
                                         type=ctype).order_by(*LATEST_CONSENT_FIRST)
    return Exact(Subquery(latest.values("statut")[:1]), ConsentStatus.ACCEPTED)


def consent_history(*, user: Utilisateur) -> list[dict[str, Any]]:
    rows = Consentement.objects.filter(utilisateur=user).order_by("-date_consentement", "-id_consentement")
    return [
        {"id_consentement": row.id_consentement, "type": row.type, "statut": row.statut,
         "date_consentement": row.date_consentement}
        for row in rows
    ]


def admin_user_list(
    *, actor: Utilisateur, q: str = "", statut: str = "", is_staff: bool | None = None
) -> QuerySet[Utilisateur]:
    """Users for the administration, searchable by pseudo, e-mail or name, filterable by status and staff flag."""
    queryset = Utilisateur.objects.select_related("profil", "technicien_profile").order_by("id_user")
    if q:
        queryset = queryset.filter(Q(pseudo__icontains=q) | Q(email__icontains=q) | Q(profil__nom__icontains=q))
    if statut:
        queryset = queryset.filter(statut=statut)
    if is_staff is not None:
        queryset = queryset.filter(is_staff=is_staff)
    return queryset


def admin_user_get(*, actor: Utilisateur, id_user: int) -> Utilisateur:
    user = admin_user_list(actor=actor).filter(pk=id_user).first()
    if user is None:
        raise NotFound(_("User not found."))
    return user


def _reservation_item(reservation: Reservation) -> dict[str, Any]:
    emplacement = reservation.emplacement
    return {
        "id_reservation": reservation.id_reservation,
        "reference_code": reservation.reference_code,
        "statut": reservation.statut,
        "auth_choice": reservation.auth_choice,
        "date_debut": reservation.date_debut,
        "date_fin": reservation.date_fin,
        "emplacement": emplacement.id_emplacement,
        "emplacement_numero": emplacement.numero,
        "station_nom": emplacement.station.nom,
        "cancelled_at": reservation.cancelled_at,
        "cancel_reason": reservation.cancel_reason,
    }


def _session_item(session: Session) -> dict[str, Any]:
    return {
        "id_session": session.id_session,
        "reference_code": session.reservation.reference_code,
        "emplacement": session.emplacement_id,
        "station_nom": session.emplacement.station.nom,
        "charge_state": session.charge_state,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "energie_kwh": session.energie_kwh,
    }


def _reservations(user: Utilisateur) -> QuerySet[Reservation]:
    return Reservation.objects.filter(utilisateur=user).select_related("emplacement__station")


def _sessions(user: Utilisateur) -> QuerySet[Session]:
    return Session.objects.filter(reservation__utilisateur=user).select_related(
        "reservation", "emplacement__station"
    )


def _journal_item(row: JournalSecurite) -> dict[str, Any]:
    return {"action": row.action, "statut": row.statut, "ip": row.ip, "date_action": row.date_action,
            "details": row.details}


def account_dashboard(*, user: Utilisateur) -> dict[str, Any]:
    """Next reservation, counts by status, energy charged and recent activity in six queries."""
    now = timezone.now()
    counts = {value: 0 for value in ReservationStatus.values}
    for row in Reservation.objects.filter(utilisateur=user).values("statut").annotate(n=Count("pk")):
        counts[row["statut"]] = row["n"]
    upcoming = list(_reservations(user).filter(statut__in=OPEN_STATUSES, date_fin__gte=now)
                    .order_by("date_debut")[:DASHBOARD_LIST_SIZE])
    totals = Session.objects.filter(reservation__utilisateur=user).aggregate(
        energy=Sum("energie_kwh"), sessions=Count("pk")
    )
    recent_sessions = list(_sessions(user).order_by("-start_time")[:DASHBOARD_LIST_SIZE])
    activity = list(JournalSecurite.objects.filter(utilisateur=user).order_by("-date_action")[:DASHBOARD_LIST_SIZE])
    return {
        "next_reservation": _reservation_item(upcoming[0]) if upcoming else None,
        "upcoming_reservations": [_reservation_item(r) for r in upcoming],
        "reservation_counts": counts,
        "total_reservations": sum(counts.values()),
        "total_sessions": totals["sessions"],
        "total_energy_kwh": round(totals["energy"] or 0.0, 3),
        "recent_sessions": [_session_item(s) for s in recent_sessions],
        "recent_activity": [
            {"action": row.action, "statut": row.statut, "date_action": row.date_action} for row in activity
        ],
    }


def account_export(*, user: Utilisateur) -> dict[str, Any]:
    """Everything held about the user, without any secret (no password hash, no credential hash)."""
    profil = ProfilUtilisateur.objects.filter(utilisateur=user).first()
    badges = Authentification.objects.filter(utilisateur=user).select_related("type_auth").order_by("id_auth")
    return {
        "exported_at": timezone.now(),
        "account": {
            "id_user": user.id_user, "pseudo": user.pseudo, "email": user.email, "statut": user.statut,
            "is_active": user.is_active, "is_staff": user.is_staff, "date_joined": user.date_joined,
            "created_at": user.created_at, "last_login": user.last_login,
        },
        "profile": {
            "nom": profil.nom if profil else "",
            "telephone": profil.telephone if profil else "",
            "telephone_verifie": bool(profil and profil.telephone_verifie),
        },
        "consents": {"current": current_consents(user=user), "history": consent_history(user=user)},
        "auth_methods": [
            {"id_auth": b.id_auth, "type": b.type_auth.libelle, "display_value": b.display_value,
             "is_active": b.is_active, "expiration": b.expiration, "created_at": b.created_at}
            for b in badges
        ],
        "reservations": [_reservation_item(r) for r in _reservations(user).order_by("date_debut")],
        "sessions": [_session_item(s) for s in _sessions(user).order_by("start_time")],
        "security_journal": [
            _journal_item(row) for row in JournalSecurite.objects.filter(utilisateur=user).order_by("date_action")
        ],
    }


def user_security_journal(*, user: Utilisateur, action: str = "", statut: str = "") -> QuerySet[JournalSecurite]:
    """(ext) The security journal of one user, latest first: what they did (logins, failures, changes) and
    what staff did to their account or badges (`details.target` / `details.user` name them).

    `action`: a prefix (`auth.`, `admin.`); `statut`: `success` or `failure`.
    """
    queryset = JournalSecurite.objects.filter(
        Q(utilisateur=user) | Q(details__target=user.pk) | Q(details__user=user.pk)
    ).select_related("utilisateur")
    if action:
        queryset = queryset.filter(action__startswith=action)
    if statut:
        queryset = queryset.filter(statut=statut)
    return queryset.order_by("-date_action", "-id_log")
