"""The security journal: every security-relevant event, written by services, never with a secret."""

from __future__ import annotations

from typing import Any

from api.models import JournalSecurite, SecurityLogStatus, Utilisateur


def journal_entry(
    *,
    action: str,
    utilisateur: Utilisateur | None = None,
    utilisateur_id: int | None = None,
    ip: str | None = None,
    success: bool = True,
    details: dict[str, Any] | None = None,
) -> JournalSecurite:
    """One event, not saved yet (`journal_record` saves it; `sql_batch.insert_rows` with other rows).

    `action` is namespaced (`auth.login`, `reservation.cancelled`). The user is `utilisateur`, or
    `utilisateur_id` when only the id is at hand.
    """
    return JournalSecurite(
        utilisateur_id=utilisateur.pk if utilisateur is not None else utilisateur_id,
        action=action,
        ip=ip or None,
        statut=SecurityLogStatus.SUCCESS if success else SecurityLogStatus.FAILURE,
        details=details or {},
    )


def journal_record(
    *,
    action: str,
    utilisateur: Utilisateur | None = None,
    utilisateur_id: int | None = None,
    ip: str | None = None,
    success: bool = True,
    details: dict[str, Any] | None = None,
) -> JournalSecurite:
    """Append one event (see `journal_entry`)."""
    entry = journal_entry(action=action, utilisateur=utilisateur, utilisateur_id=utilisateur_id, ip=ip,
                          success=success, details=details)
    entry.save(force_insert=True)
    return entry
