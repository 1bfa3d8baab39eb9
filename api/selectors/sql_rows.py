"""Model instances from the columns of a statement built once (the kiosk's hot reads).

A Django queryset is rebuilt and recompiled on every call; on the kiosk's path that cost more CPU than
PostgreSQL took to run the statement (benchmark 1, docs/benchmarks.md). The reads that run on every kiosk
request therefore keep their SQL in a string built once from the models' metadata (`columns`) and turn each
row back into instances with Django's own `Model.from_db` (`instance`), the values converted as the ORM
would (`from_db`). Models only: the kiosk's authentication imports this while DRF loads its settings.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def columns(alias: str, model: type[Model]) -> list[str]:
    """Every concrete column of `model` under the table alias `alias`, in the order `instance` reads them."""
    return [f"{alias}.{field.column}" for field in model._meta.concrete_fields]


def instance(model: type[M], row: tuple[Any, ...], offset: int) -> tuple[M | None, int]:
    """The `model` instance of `row`'s columns from `offset` (as `columns` lists them), and the offset after
    them; None when its primary key is NULL (the row of a LEFT JOIN that found nothing)."""
    fields = model._meta.concrete_fields
    end = offset + len(fields)
    values = row[offset:end]
    if values[[field.primary_key for field in fields].index(True)] is None:
        return None, end
    converted = [from_db(field, value) for field, value in zip(fields, values, strict=True)]
    return model.from_db(connection.alias, [field.attname for field in fields], converted), end


def from_db(field: Field, value: Any) -> Any:
    """`value` of `field` as the ORM would have read it: the backend's converters (SQLite's dates and booleans),
    then the field's own (`from_db_value`: JSON)."""
    if value is None:
        return None
    expression = field.get_col(field.model._meta.db_table)
    for converter in (*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)):
        value = converter(value, expression, connection)
    return value
