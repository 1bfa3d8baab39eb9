"""The OpenAPI schema the suite fuzzes: generated from the code once per run, served to schemathesis over WSGI."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import schemathesis
from schemathesis.specs.openapi.schemas import BaseOpenAPISchema

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}


@cache
def schema_dict() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


@cache
def schema() -> BaseOpenAPISchema:
    from config.wsgi import application

    return schemathesis.from_dict(schema_dict(), app=application)  # type: ignore[no-any-return]


def operations() -> list[Any]:
    """Every operation, reads first and deletions last, so one actor's run keeps its objects as long as possible."""
    only = re.compile(os.environ.get("ADVERSARIAL_OPS", ""))  # e.g. ADVERSARIAL_OPS='POST /api/reservations/$'
    ops = [op for op in (result.ok() for result in schema().get_all_operations()) if only.search(op.verbose_name)]
    return sorted(ops, key=lambda op: (METHOD_ORDER.get(op.method.lower(), 9), op.path))


def object_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation whose path names an object (`{...}`)."""
    return [
        (method.upper(), path)
        for path, item in schema_dict()["paths"].items()
        if re.search(r"\{[^}]+\}", path)
        for method in item
        if method in METHOD_ORDER
    ]
