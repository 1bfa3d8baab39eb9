"""(ext) Kiosk keys: one per cabinet, 256-bit, stored as SHA-256, shown once, rotatable and revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.crypto import random_token, sha256_hex
from api.errors import NotFound
from api.models import Borne, TerminalKey, Utilisateur
from api.services.journal import journal_record

KEY_PREFIX_LENGTH = 8


@dataclass(frozen=True)
class IssuedTerminalKey:
    """The key in clear, returned once to the admin who issued it, never stored."""

    terminal_key: str
    key_prefix: str
    created_at: datetime


def terminal_key_issue(*, borne: Borne, actor: Utilisateur | None, ip: str | None) -> IssuedTerminalKey:
    """Issue the cabinet's key, or rotate it: the previous key stops working at once (one row per cabinet)."""
    key = random_token(32)
    now = timezone.now()
    with transaction.atomic():
        Borne.objects.select_for_update().filter(pk=borne.pk).first()
        row, created = TerminalKey.objects.update_or_create(
            borne=borne,
            defaults={
                "key_prefix": key[:KEY_PREFIX_LENGTH], "key_hash": sha256_hex(key), "created_at": now,
                "revoked_at": None, "last_used_at": None,
            },
        )
        journal_record(
            action="terminal_key.issued", utilisateur=actor, ip=ip,
            details={"borne": borne.pk, "key_prefix": row.key_prefix, "rotated": not created},
        )
    return IssuedTerminalKey(terminal_key=key, key_prefix=row.key_prefix, created_at=now)


def terminal_key_revoke(*, borne: Borne, actor: Utilisateur | None, ip: str | None) -> None:
    """Revoke the cabinet's active key; 404 when it has none."""
    with transaction.atomic():
        row = TerminalKey.objects.select_for_update().filter(borne=borne, revoked_at__isnull=True).first()
        if row is None:
            raise NotFound(_("This kiosk has no active key."), code="no_terminal_key")
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        journal_record(
            action="terminal_key.revoked", utilisateur=actor, ip=ip,
            details={"borne": borne.pk, "key_prefix": row.key_prefix},
        )
