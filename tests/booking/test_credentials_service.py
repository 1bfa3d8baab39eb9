"""Services the kiosk calls: credential_resolve, credential_mark_used, rfid_link_consume."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.errors import Conflict, Forbidden
from api.models import Authentification, JournalSecurite, ReservationStatus, RfidLinkCode
from api.services import badges, credentials, reservations
from tests import factories
from tests.booking.conftest import slot
from tests.races import race

CONCURRENT = 20


def _book(user, bay, mode: str):  # type: ignore[no-untyped-def]
    start, end = slot()
    reservation = reservations.reservation_create(utilisateur=user, emplacement=bay, date_debut=start, date_fin=end,
                                                  auth_choice=mode)
    secret = credentials.credential_secret(reservation.authentification) if mode != "rfid" else ""
    return reservation, secret


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["code", "qr"])
def test_resolve_temporary_credential(user, mode):
    bay = factories.EmplacementFactory()
    reservation, secret = _book(user, bay, mode)
    assert (len(secret) == 8 and secret.isdigit()) if mode == "code" else len(secret) >= 32
    inside = reservation.date_debut - timedelta(minutes=10)
    assert credentials.credential_resolve(borne=bay.borne, method=mode, value=secret, now=inside) == reservation
    with pytest.raises(Conflict) as early:
        credentials.credential_resolve(borne=bay.borne, method=mode, value=secret,
                                       now=reservation.date_debut - timedelta(minutes=20))
    assert early.value.code == "outside_window"
    with pytest.raises(Conflict):
        credentials.credential_resolve(borne=bay.borne, method=mode, value=secret, now=reservation.date_fin)
    with pytest.raises(Forbidden) as foreign:
        credentials.credential_resolve(borne=factories.BorneFactory(), method=mode, value=secret, now=inside)
    assert foreign.value.code == "wrong_cabinet"
    with pytest.raises(Forbidden) as unknown:
        credentials.credential_resolve(borne=bay.borne, method=mode, value="00000000x", now=inside)
    assert unknown.value.code == "invalid_credential"
    # the secret is stored only as a keyed hash
    assert secret not in str(list(Authentification.objects.values()))
    # regeneration invalidates the old value at once; revocation disables the new one
    credentials.temporary_credential_regenerate(reservation=reservation)
    new_secret = credentials.credential_secret(reservation.authentification)
    assert new_secret != secret
    with pytest.raises(Forbidden):
        credentials.credential_resolve(borne=bay.borne, method=mode, value=secret, now=inside)
    assert credentials.credential_resolve(borne=bay.borne, method=mode, value=new_secret, now=inside) == reservation
    credentials.temporary_credential_revoke(reservation=reservation)
    with pytest.raises(Forbidden) as revoked:
        credentials.credential_resolve(borne=bay.borne, method=mode, value=new_secret, now=inside)
    assert revoked.value.code == "revoked_credential"


@pytest.mark.django_db
def test_used_credential_and_unconfirmed_reservation_are_conflicts(user):
    bay = factories.EmplacementFactory()
    reservation, secret = _book(user, bay, "code")
    inside = reservation.date_debut
    credentials.credential_mark_used(reservation=reservation)
    with pytest.raises(Conflict) as used:
        credentials.credential_resolve(borne=bay.borne, method="code", value=secret, now=inside)
    assert used.value.code == "credential_used"
    with pytest.raises(Conflict):
        credentials.credential_mark_used(reservation=reservation)
    other, other_secret = _book(factories.UtilisateurFactory(), factories.EmplacementFactory(borne=bay.borne), "code")
    type(other).objects.filter(pk=other.pk).update(statut=ReservationStatus.ACTIVE)
    with pytest.raises(Conflict) as not_confirmed:
        credentials.credential_resolve(borne=bay.borne, method="code", value=other_secret, now=other.date_debut)
    assert not_confirmed.value.code == "reservation_not_confirmed"


@pytest.mark.django_db
def test_resolve_rfid(user):
    bay = factories.EmplacementFactory()
    badges.rfid_badge_register(utilisateur=user, uid="04:a1:3f:9a", revoke_others=False, actor=user)
    reservation, _ = _book(user, bay, "rfid")
    assert reservation.statut == ReservationStatus.CONFIRMED
    inside = reservation.date_debut
    assert credentials.credential_resolve(borne=bay.borne, method="rfid", value="04A13F9A", now=inside) == reservation
    with pytest.raises(Conflict):
        credentials.credential_resolve(borne=bay.borne, method="rfid", value="04a13f9a",
                                       now=inside - timedelta(hours=1))
    with pytest.raises(Forbidden) as foreign:
        credentials.credential_resolve(borne=factories.BorneFactory(), method="rfid", value="04a13f9a", now=inside)
    assert foreign.value.code == "no_reservation"
    with pytest.raises(Forbidden) as unknown:
        credentials.credential_resolve(borne=bay.borne, method="rfid", value="DEADBEEF", now=inside)
    assert unknown.value.code == "invalid_credential"
    assert "04A13F9A" not in str(list(JournalSecurite.objects.values("details")))
    assert "04A13F9A" not in str(list(Authentification.objects.values()))


@pytest.mark.django_db(transaction=True)
def test_mark_used_twenty_concurrent_consumers_one_winner():
    user = factories.UtilisateurFactory()
    bay = factories.EmplacementFactory()
    reservation, _ = _book(user, bay, "code")
    outcomes = race(CONCURRENT, lambda _index: credentials.credential_mark_used(reservation=reservation),
                    refusals=(Conflict,))
    results = sorted("lost" if isinstance(o, Exception) else "won" for o in outcomes)
    assert results == ["lost"] * (CONCURRENT - 1) + ["won"]
    assert Authentification.objects.get(pk=reservation.authentification_id).is_active is False


@pytest.mark.django_db
def test_link_consume_activates_badge_and_confirms_pending(user):
    bay = factories.EmplacementFactory()
    pending_reservation, _ = _book(user, bay, "rfid")
    assert pending_reservation.statut == ReservationStatus.PENDING
    auth, code, expires_at = badges.rfid_link_code_create(utilisateur=user)
    assert len(code) == 8 and expires_at > timezone.now()
    badge = badges.rfid_link_consume(borne=bay.borne, code=code, uid="04:A1:3F:9A")
    assert badge.pk == auth.pk and badge.is_active and badge.display_value == "•••• 3F9A"
    assert badge.hash_valeur == credentials.rfid_hash("04a13f9a")
    pending_reservation.refresh_from_db()
    assert pending_reservation.statut == ReservationStatus.CONFIRMED
    with pytest.raises(Conflict):
        badges.rfid_link_consume(borne=bay.borne, code=code, uid="11223344")
    with pytest.raises(Forbidden):
        badges.rfid_link_consume(borne=bay.borne, code="00000000", uid="11223344")


@pytest.mark.django_db
def test_link_consume_refuses_expired_code_and_uid_of_another_user(user, other_user):
    bay = factories.EmplacementFactory()
    badges.rfid_badge_register(utilisateur=other_user, uid="CAFEBABE", revoke_others=False, actor=other_user)
    _, code, _ = badges.rfid_link_code_create(utilisateur=user)
    with pytest.raises(Conflict) as taken:
        badges.rfid_link_consume(borne=bay.borne, code=code, uid="ca:fe:ba:be")
    assert taken.value.code == "badge_in_use"
    assert RfidLinkCode.objects.get().used_at is None  # rolled back: the user may scan another badge
    RfidLinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Forbidden) as expired:
        badges.rfid_link_consume(borne=bay.borne, code=code, uid="01020304")
    assert expired.value.code == "link_code_expired"


@pytest.mark.django_db
def test_refreshing_link_code_invalidates_previous(user):
    bay = factories.EmplacementFactory()
    first_auth, first_code, _ = badges.rfid_link_code_create(utilisateur=user)
    second_auth, second_code, _ = badges.rfid_link_code_create(utilisateur=user)
    assert first_auth.pk == second_auth.pk
    with pytest.raises(Forbidden):
        badges.rfid_link_consume(borne=bay.borne, code=first_code, uid="01020304")
    assert badges.rfid_link_consume(borne=bay.borne, code=second_code, uid="01020304").is_active


@pytest.mark.django_db(transaction=True)
def test_link_consume_twenty_concurrent_one_winner():
    user = factories.UtilisateurFactory()
    bay = factories.EmplacementFactory()
    _, code, _ = badges.rfid_link_code_create(utilisateur=user)
    outcomes = race(CONCURRENT, lambda index: badges.rfid_link_consume(borne=bay.borne, code=code,
                                                                       uid=f"AABB{index:04d}"),
                    refusals=(Conflict, Forbidden))
    results = sorted("lost" if isinstance(o, Exception) else "won" for o in outcomes)
    assert results == ["lost"] * (CONCURRENT - 1) + ["won"]
    assert Authentification.objects.filter(utilisateur=user, is_active=True).count() == 1
