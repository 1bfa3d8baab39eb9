"""Authorization matrix: every object endpoint, called by everyone who does not own the object.

The objects are the "theirs" side of the world (another driver's reservation and badge, an alert of a
station the technician is not assigned to, another cabinet, ...). Callers are the "mine" side of every kind
(anonymous, driver, technician, kiosk; the admin too outside /api/admin/), so each kind also meets an
object of another actor of its own kind. Every call must answer 401, 403 or 404, and the database must be
exactly as before (a dump of every api table, compared once at the end).

Ownership table (who may touch what; everyone else is tested):

| path parameter                          | object (theirs)        | owner                                   |
|-----------------------------------------|------------------------|-----------------------------------------|
| /api/admin/<segment>/{id}               | by segment (ADMIN_IDS) | staff only                              |
| {id_user} (admin)                       | their driver           | staff only                              |
| {id_reservation}                        | their reservation      | its driver                              |
| {id_auth}                               | their badge            | its driver (admin under /api/admin/)    |
| {id_alerte}                             | alert of their station | technicians assigned to that station    |
| {id_borne}, {id_session}, ... (kiosk)   | extend OBJECT_PARAMS   | the cabinet's kiosk                     |

A new object endpoint whose parameter is not in the table fails this test until it is mapped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.apps import apps
from django.core import serializers

from tests.adversarial.conftest import ACTOR_KINDS, Side, World, report
from tests.adversarial.schema import object_operations

# Object endpoints every authenticated actor may read (not owned): excluded, with the reason.
SHARED = {
    ("GET", "/api/stations/{id_station}/availability/"): "the public availability of a station",
    # the pairing token is the capability: any driver holding it (scanned from the kiosk) may open it
    ("GET", "/api/mobile-sessions/{token}/"): "a pairing opened by whoever holds its token",
    ("POST", "/api/mobile-sessions/{token}/authorize/"): "a pairing authorized by whoever holds its token",
}
# Which object of the other side a path parameter names.
OBJECT_PARAMS = {
    "id_reservation": "reservation", "id_auth": "badge", "id_alerte": "alert", "id_user": "driver",
    "id_station": "station", "id_session": "session", "token": "pairing_token",
}
ADMIN_IDS = {
    "stations": "station", "bornes": "borne", "emplacements": "bay", "devices": "device",
    "technicians": "technician", "technician-assignments": "assignment", "maintenances": "maintenance",
    "reservations": "reservation", "users": "driver", "sessions": "session",
    "alerts": "alert",
}
# Written by authentication itself, not by the endpoint: the kiosk key's last use (minute resolution).
VOLATILE_FIELDS = {"api.terminalkey": {"last_used_at"}}
ALLOWED = {401, 403, 404}


def dump_api_tables() -> dict[str, list[dict[str, Any]]]:
    """Every row of every api model, serialized, ordered by primary key."""
    dump: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_app_config("api").get_models():
        label = model._meta.label_lower
        rows = serializers.serialize("python", model.objects.order_by("pk"))
        for row in rows:
            for name in VOLATILE_FIELDS.get(label, ()):
                row["fields"].pop(name, None)
        dump[label] = rows
    return dump


def object_id(path: str, param: str, theirs: Side) -> Any:
    match = re.match(r"^/api/admin/([^/]+)/\{" + re.escape(param) + r"\}", path)
    attribute = ADMIN_IDS.get(match.group(1)) if match else OBJECT_PARAMS.get(param)
    assert attribute, f"{path}: map the path parameter {{{param}}} in OBJECT_PARAMS or ADMIN_IDS"
    value = getattr(theirs, attribute)
    return getattr(value, "pk", value)


def concrete_path(path: str, theirs: Side) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: str(object_id(path, m.group(1), theirs)), path)


def callers(path: str) -> list[str]:
    return [kind for kind in ACTOR_KINDS if kind != "admin" or not path.startswith("/api/admin/")]


def call(client: Any, method: str, path: str, headers: dict[str, str]) -> int:
    kwargs: dict[str, Any] = {"headers": headers}
    if method in {"POST", "PUT", "PATCH"}:
        kwargs.update(data={}, content_type="application/json")
    return client.generic(method, path, **kwargs).status_code  # type: ignore[no-any-return]


def test_no_actor_reaches_an_object_it_does_not_own(world: World, client: Any) -> None:
    before = dump_api_tables()
    operations = [op for op in object_operations() if op not in SHARED]
    assert operations, "no object endpoint found in the schema"
    wrong: list[str] = []
    seen: Counter[int] = Counter()
    for method, path in operations:
        url = concrete_path(path, world.theirs)
        for kind in callers(path):
            status = call(client, method, url, world.actors[kind].headers)
            seen[status] += 1
            if status not in ALLOWED:
                wrong.append(f"{method} {url} as {kind}: {status}")
    report(f"authorization matrix: {len(operations)} object operations, {sum(seen.values())} calls, {dict(seen)}")
    assert not wrong, "object endpoints reachable by non-owners:\n" + "\n".join(wrong)
    after = dump_api_tables()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"tables changed by refused calls: {changed}"


def test_the_owners_do_reach_their_objects(world: World, client: Any) -> None:
    """The matrix is not vacuous: the same objects answer their owners (the admin) with something else than 404."""
    admin = world.actors["admin"].headers
    for method, path in object_operations():
        if method == "GET" and path.startswith("/api/admin/"):
            assert call(client, method, concrete_path(path, world.theirs), admin) == 200, path
