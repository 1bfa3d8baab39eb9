"""(ext) OCPP cabinets: the link switch, the charge point's password (shown once) and the id tags the gateway
hands to chargers (docs/ocpp.md). The gateway's message handling is in `api.ocpp.core`."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import keyed_hash, random_token
from api.errors import Conflict, InvalidInput
from api.models import Borne, BorneLink, Reservation, Utilisateur
from api.services.journal import journal_record

IDENTITY_RE = re.compile(r"^[A-Za-z0-9._-]{1,48}$")
PASSWORD_PURPOSE = "ocpp-password"
TAG_PURPOSE = "ocpp-tag"


@dataclass(frozen=True)
class IssuedOcppPassword:
    """The password in clear, returned once to the admin who issued it, never stored."""

    ocpp_identity: str
    password: str
    created_at: datetime


def ocpp_password_hash(password: str) -> str:
    return keyed_hash(password, purpose=PASSWORD_PURPOSE)


def borne_ocpp_enable(*, borne: Borne, identity: str, actor: Utilisateur | None, ip: str | None) -> IssuedOcppPassword:
    """Switch a cabinet to OCPP under `identity` and issue (or rotate) its password: the previous one stops
    working at once. 32 URL-safe characters: within OCPP's 16-40 for HTTP Basic (security profiles 1/2)."""
    identity = identity.strip()
    if not IDENTITY_RE.match(identity):
        raise InvalidInput(_("Invalid OCPP identity."), code="invalid_ocpp_identity")
    password = random_token(24)
    now = timezone.now()
    try:
        with transaction.atomic():
            Borne.objects.filter(pk=borne.pk).update(
                link_kind=BorneLink.OCPP, ocpp_identity=identity, ocpp_password_hash=ocpp_password_hash(password),
                ocpp_password_set_at=now,
            )
            journal_record(action="borne.ocpp_password_issued", utilisateur=actor, ip=ip,
                           details={"borne": borne.pk, "ocpp_identity": identity})
    except IntegrityError as exc:
        raise Conflict(_("This OCPP identity is already in use."), code="ocpp_identity_taken") from exc
    return IssuedOcppPassword(ocpp_identity=identity, password=password, created_at=now)


def borne_ocpp_disable(*, borne: Borne, actor: Utilisateur | None, ip: str | None) -> None:
    """Back to MQTT: the identity and password are dropped (a connected charger is refused at its next connect)."""
    with transaction.atomic():
        Borne.objects.filter(pk=borne.pk).update(link_kind=BorneLink.MQTT, ocpp_identity=None, ocpp_password_hash="",
                                                 ocpp_password_set_at=None)
        journal_record(action="borne.ocpp_disabled", utilisateur=actor, ip=ip, details={"borne": borne.pk})


def ocpp_borne_authenticate(*, identity: str, password: str) -> Borne | None:
    """The OCPP cabinet of `identity` when `password` is its current one (constant-time compare), else None."""
    borne = Borne.objects.filter(link_kind=BorneLink.OCPP, ocpp_identity=identity).first()
    if borne is None or not borne.ocpp_password_hash:
        return None
    if not hmac.compare_digest(borne.ocpp_password_hash, ocpp_password_hash(password)):
        return None
    return borne


# --- id tags (CiString20) -----------------------------------------------------------------------------


def _tag(kind: str, pk: int) -> str:
    body = f"{kind}{pk}"
    return f"{body}-{keyed_hash(body, purpose=TAG_PURPOSE)[: 19 - len(body)]}"


def _tag_pk(kind: str, tag: str) -> int | None:
    match = re.fullmatch(rf"{kind}([0-9]{{1,12}})-[0-9a-f]+", tag or "")
    if match is None:
        return None
    pk = int(match[1])
    return pk if hmac.compare_digest(_tag(kind, pk), tag) else None


def reservation_tag(reservation: Reservation) -> str:
    """The id tag of a reservation (RemoteStart, ReserveNow): `R<id>-<keyed hash>`, 20 characters at most."""
    return _tag("R", reservation.pk)


def reservation_of_tag(tag: str) -> int | None:
    return _tag_pk("R", tag)


def user_group_tag(user_id: int) -> str:
    """The user's group tag (`parentIdTag` / `groupIdToken`): the charger matches a badge to a reservation."""
    return _tag("U", user_id)
