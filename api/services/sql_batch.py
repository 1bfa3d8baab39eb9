"""Inserts whose rows nobody reads back, sent together: one query string, one round trip on PostgreSQL.

The Django ORM's `create` costs about half a millisecond of CPU per row to build and one round trip; on the
kiosk path (benchmark 1) the attempt and its journal line are two such rows. PostgreSQL runs a query string of
several statements as one implicit transaction (or inside the caller's); elsewhere each row is saved in turn.

The statements built once elsewhere (the opening, the worker's acks) take their table and column names and
their parameters' values from the models here (`table`, `column`, `pk_column`, `db_value`), as the ORM would.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from django.db import connection, models, transaction


def table(model: type[models.Model]) -> str:
    """The model's table, quoted for SQL."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], name: str) -> str:
    """The column of the model's field `name`, quoted for SQL."""
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    return connection.ops.quote_name(str(field.column))


def pk_column(model: type[models.Model]) -> str:
    """The model's primary key column, quoted for SQL."""
    return column(model, cast("models.Field[Any, Any]", model._meta.pk).name)


def db_value(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` of the model's field `name` as the ORM would send it (SQLite: UUIDs as hex, datetimes in UTC)."""
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    return field.get_db_prep_value(value, connection)


@cache
def _insert_fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    """Every concrete field but an auto primary key: what an insert writes."""
    return tuple(field for field in model._meta.concrete_fields
                 if not (field.primary_key and isinstance(field, models.AutoField)))


@cache
def _insert_into(model: type[models.Model]) -> str:
    """`INSERT INTO <table> (<columns>)` of `_insert_fields`."""
    columns = ", ".join(column(model, field.name) for field in _insert_fields(model))
    return f"INSERT INTO {table(model)} ({columns})"


@cache
def _insert_sql(model: type[models.Model]) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    """`INSERT INTO <table> (<columns>) VALUES (%s, ...)` of every concrete field but an auto primary key."""
    fields = _insert_fields(model)
    return f"{_insert_into(model)} VALUES ({', '.join(['%s'] * len(fields))})", fields


def _insert_value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    return field.get_db_prep_save(field.pre_save(row, add=True), connection)


def insert_select(row: models.Model, *, source: str, computed: Mapping[str, str]) -> tuple[str, list[Any]]:
    """`INSERT INTO <table> (<columns>) SELECT <values> FROM <source> RETURNING <pk>` of the unsaved `row`.

    One row per row of `source` (a CTE of the same statement: none when it is empty). `computed` replaces
    fields' values (by field name) with SQL expressions over `source`; a `%s` in one stands for the row's own
    value of that field. Answers the SQL and its parameters.
    """
    model = type(row)
    values: list[str] = []
    params: list[Any] = []
    for field in _insert_fields(model):
        expression = computed.get(field.name, "%s")
        values.append(expression)
        if "%s" in expression:
            params.append(_insert_value(row, field))
    return f"{_insert_into(model)} SELECT {', '.join(values)} FROM {source} RETURNING {pk_column(model)}", params


def insert_rows(*rows: models.Model) -> None:
    """Insert unsaved instances (no primary key set, none read back), together: all or none."""
    if connection.vendor != "postgresql":
        with transaction.atomic(savepoint=False):
            for row in rows:
                row.save(force_insert=True)
        return
    statements: list[str] = []
    params: list[Any] = []
    for row in rows:
        sql, fields = _insert_sql(type(row))
        statements.append(sql)
        params.extend(_insert_value(row, field) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute("; ".join(statements), params)
