"""Model instances from the columns of a statement built once (the kiosk's hot reads).

A Django queryset is rebuilt and recompiled on every call; on the kiosk's path that cost more CPU than
PostgreSQL took to run the statement (benchmark 1, docs/benchmarks.md). The reads that run on every kiosk
request therefore keep their SQL in a string built once from the models' metadata (`columns`) and turn each
row back into instances with Django's own `Model.from_db` (`RowReader`), the values converted as the ORM
would (`from_db`). Models only: the kiosk's authentication imports this while DRF loads its settings.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def columns(alias: str, model: type[Model]) -> list[str]:
    """Every concrete column of `model` under the table alias `alias`, in the order `RowReader` reads them."""
    return [f"{alias}.{field.column}" for field in model._meta.concrete_fields]


@functools.cache
def _layout(model: type[Model]) -> tuple[tuple[Field, ...], list[str], int]:
    """`model`'s concrete fields, their attribute names and the primary key's position: read once."""
    fields = tuple(model._meta.concrete_fields)
    return fields, [field.attname for field in fields], [field.primary_key for field in fields].index(True)


class RowReader:
    """One row of a statement whose columns are `columns(...)` groups, then single values, read left to right."""

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.row = row
        self.offset = 0

    def instance(self, model: type[M]) -> M | None:
        """The next `model` instance; None when its primary key is NULL (a LEFT JOIN that found nothing)."""
        fields, attnames, pk_index = _layout(model)
        values = self.row[self.offset:self.offset + len(fields)]
        self.offset += len(fields)
        if values[pk_index] is None:
            return None
        converted = [from_db(field, value) for field, value in zip(fields, values, strict=True)]
        return model.from_db(connection.alias, attnames, converted)

    def value(self, field: Field) -> Any:
        """The next single column, read as `field`."""
        self.offset += 1
        return from_db(field, self.row[self.offset - 1])


def first_row(sql: str, params: Sequence[Any]) -> RowReader | None:
    """The first row of a statement built once, to read left to right; None when it answers none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else RowReader(row)


def from_db(field: Field, value: Any) -> Any:
    """`value` of `field` as the ORM would have read it: the backend's converters (SQLite's dates and booleans),
    then the field's own (`from_db_value`: JSON)."""
    if value is None:
        return None
    expression = field.get_col(field.model._meta.db_table)
    for converter in (*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)):
        value = converter(value, expression, connection)
    return value
