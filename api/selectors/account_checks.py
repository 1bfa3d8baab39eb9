"""The account row the authentication's checks read (`api.authentication.account_refusal`).

A module of its own, importing models only: the authentication imports it while DRF loads its settings.
"""

from __future__ import annotations

from typing import NamedTuple

from api.models import Utilisateur


class AccountRow(NamedTuple):
    """What the authentication checks of an account (`api.authentication.account_refusal`) and its language
    depend on, read with the booking's state (`booking_state`)."""

    is_active: bool
    statut: str
    password: str
    preferred_language: str


def account_row(*, user_id: int) -> AccountRow | None:
    """The account's `AccountRow` (None: no such account)."""
    row = Utilisateur.objects.filter(pk=user_id).values_list(*AccountRow._fields).first()
    return None if row is None else AccountRow(*row)
