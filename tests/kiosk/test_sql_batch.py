"""The attempt and its journal line go together (one query string on PostgreSQL): all or none."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from api.models import AccessAttempt, JournalSecurite
from api.services.sql_batch import insert_rows
from api.services.terminal import access_attempt_record
from tests.kiosk.conftest import book_now, make_cabinet


@pytest.mark.django_db(transaction=True)
def test_rows_are_inserted_together_or_not_at_all():
    borne = make_cabinet()
    with pytest.raises(IntegrityError):
        insert_rows(AccessAttempt(borne=borne, method="code", result="refused"), JournalSecurite(action=None))
    assert not AccessAttempt.objects.exists() and not JournalSecurite.objects.exists()


@pytest.mark.django_db
def test_the_attempt_and_its_journal_line_are_stored_as_the_orm_would():
    borne = make_cabinet()
    reservation, _secret = book_now(borne, "code")
    access_attempt_record(borne=borne, method="code", result="refused", reason="outside_window",
                          reservation=reservation, ip="2001:db8::1", counted=True)
    attempt = AccessAttempt.objects.get()
    assert (attempt.borne_id, attempt.reservation_id, attempt.utilisateur_id) == (
        borne.pk, reservation.pk, reservation.utilisateur_id)
    assert (attempt.method, attempt.result, attempt.reason) == ("code", "refused", "outside_window")
    assert attempt.counted
    assert attempt.ip == "2001:db8::1" and attempt.created_at is not None
    line = JournalSecurite.objects.get(action="terminal.authenticate")
    assert (line.utilisateur_id, line.ip, line.statut) == (reservation.utilisateur_id, "2001:db8::1", "failure")
    assert line.details == {"borne": borne.pk, "method": "code", "result": "refused", "reason": "outside_window",
                            "channel": "kiosk", "reservation": reservation.pk}
    assert line.date_action is not None
    access_attempt_record(borne=borne, method="code", result="accepted", ip=None)
    assert AccessAttempt.objects.filter(result="accepted", ip=None, reservation=None, counted=False).count() == 1
    assert JournalSecurite.objects.filter(action="terminal.authenticate", statut="success", ip=None).count() == 1
