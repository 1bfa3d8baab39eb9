"""Inserts whose rows nobody reads back, sent together: one query string, one round trip on PostgreSQL.

The Django ORM's `create` costs about half a millisecond of CPU per row to build and one round trip; on the
kiosk path (benchmark 1) the attempt and its journal line are two such rows. PostgreSQL runs a query string of
several statements as one implicit transaction (or inside the caller's); elsewhere each row is saved in turn.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection, models, transaction


@cache
def _insert_sql(model: type[models.Model]) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    """`INSERT INTO <table> (<columns>) VALUES (%s, ...)` of every concrete field but an auto primary key."""
    fields = tuple(field for field in model._meta.concrete_fields
                   if not (field.primary_key and isinstance(field, models.AutoField)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", fields


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
        params.extend(field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute("; ".join(statements), params)
