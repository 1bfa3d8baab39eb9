"""Schema-driven fuzzing: every operation, as every kind of actor, with valid and invalid input.

Zero 5xx and zero responses outside the schema (status code, content type, body, headers). Path ids are
drawn half the time from objects that exist (the actor's own and another owner's), so the handlers run
past their 404 on real objects.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import DataGenerationMethod
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.utils import SkipTest  # pytest.skip.Exception under pytest

from tests.adversarial.conftest import ACTOR_KINDS, World, report
from tests.adversarial.schema import operations

# The readiness probe answers its documented 503 while a dependency (the MQTT worker's heartbeat) is missing.
READINESS = "/api/health/ready/"


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    if case.operation.path == READINESS and response.status_code == 503:
        return None
    return not_a_server_error(ctx, response, case)  # type: ignore[no-any-return]


# Not `negative_data_rejection`: it fails on unknown query parameters and on "5" for an integer, both of which
# DRF rightly accepts; invalid input is still required to answer a documented 4xx by the status code check.
CHECKS = (
    no_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    response_headers_conformance,
)
METHODS = (DataGenerationMethod.positive, DataGenerationMethod.negative)


def known_ids(world: World) -> list[int]:
    ids: set[int] = {world.admin.pk, world.other_admin.pk}
    for side in (world.mine, world.theirs):
        for name in ("station", "borne", "bay", "device", "driver", "reservation", "badge", "alert", "technician",
                     "assignment", "maintenance"):
            ids.add(getattr(side, name).pk)
        ids.add(side.technician.utilisateur.pk)
    return sorted(ids)


def run_operation(operation: Any, method: DataGenerationMethod, headers: dict[str, str], ids: list[int],
                  counter: list[int]) -> None:
    @settings(settings.get_profile("adversarial"))
    @given(case=operation.as_strategy(data_generation_method=method),
           real_id=st.one_of(st.none(), st.sampled_from(ids)))
    def check(case: Any, real_id: int | None) -> None:
        if real_id is not None and method.is_positive and case.path_parameters:
            case.path_parameters = {name: real_id for name in case.path_parameters}
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        if headers:
            case.headers.update(headers)
        response = case.call()
        counter[0] += 1
        case.validate_response(response, checks=CHECKS)

    check()


# About a minute per actor on a quiet core; in parallel (`make test -n auto`) on a machine shared with other
# suites it took up to nine, past the default 300 s time-out (same cases, same budget).
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_every_operation_answers_within_the_schema(world: World, kind: str, wsgi_keeps_test_connection: None) -> None:
    actor = world.actors[kind]
    ids = known_ids(world)
    failures: list[str] = []
    counter = [0]
    started = time.monotonic()
    for operation in operations():
        for method in METHODS:
            try:
                run_operation(operation, method, actor.headers, ids, counter)
            except SkipTest:  # no invalid input exists for an operation without parameters
                continue
            except Exception as exc:
                failures.append(f"{operation.verbose_name} [{method.name}] as {kind}:\n"
                                + "".join(traceback.format_exception_only(exc))[:3000])
    report(f"schema fuzz: {counter[0]} cases as {kind} in {time.monotonic() - started:.0f}s")
    assert not failures, f"{len(failures)} failing operations as {kind}:\n\n" + "\n\n".join(failures)
