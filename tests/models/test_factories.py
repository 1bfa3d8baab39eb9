"""Every factory makes a valid row."""

from __future__ import annotations

import inspect

import pytest
from factory.django import DjangoModelFactory

from tests import factories

ALL_FACTORIES = [
    obj for _, obj in inspect.getmembers(factories, inspect.isclass)
    if issubclass(obj, DjangoModelFactory) and obj is not DjangoModelFactory
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_factory_creates_a_valid_row(factory_class) -> None:  # type: ignore[no-untyped-def]
    instance = factory_class()
    instance.full_clean(validate_unique=True, validate_constraints=True)
    assert type(instance).objects.filter(pk=instance.pk).exists()


def test_every_model_has_a_factory() -> None:
    from django.apps import apps

    covered = {f._meta.model for f in ALL_FACTORIES}
    models = set(apps.get_app_config("api").get_models())
    assert models - covered == set()
