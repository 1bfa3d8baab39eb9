from __future__ import annotations

import pytest

from api.models import Utilisateur

pytestmark = pytest.mark.django_db


def test_create_user_normalizes_and_hashes() -> None:
    user = Utilisateur.objects.create_user(" Marie ", "Marie@Example.ORG", "Un-mot-de-passe-solide")
    assert (user.pseudo, user.email) == ("Marie", "marie@example.org")
    assert user.password.startswith("argon2")
    assert user.check_password("Un-mot-de-passe-solide")
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.statut == "actif"


def test_create_user_without_password_is_unusable() -> None:
    user = Utilisateur.objects.create_user("sans", "sans@example.org")
    assert not user.has_usable_password()


def test_create_superuser_sets_staff_flags() -> None:
    admin = Utilisateur.objects.create_superuser("root", "root@example.org", "Un-mot-de-passe-solide")
    assert admin.is_staff and admin.is_superuser and admin.is_active


@pytest.mark.parametrize("flags", [{"is_staff": False}, {"is_superuser": False}])
def test_create_superuser_refuses_missing_flags(flags) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        Utilisateur.objects.create_superuser("root", "root@example.org", "x", **flags)
    assert not Utilisateur.objects.exists()


@pytest.mark.parametrize(("pseudo", "email"), [("", "a@example.org"), ("a", ""), ("  ", "a@example.org")])
def test_create_user_requires_pseudo_and_email(pseudo, email) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        Utilisateur.objects.create_user(pseudo, email, "x")


def test_natural_key_ignores_case() -> None:
    user = Utilisateur.objects.create_user("Marie", "marie@example.org", "x")
    assert Utilisateur.objects.get_by_natural_key("MARIE") == user
    with pytest.raises(Utilisateur.DoesNotExist):
        Utilisateur.objects.get_by_natural_key("inconnu")
