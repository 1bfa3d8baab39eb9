"""The device a topic names (`<prefix>/bay/<n>/...`), with its bay and cabinet: the worker's read per message.

The bridge reads it for every message but telemetry (benchmark 1: 28 % of the worker's time as a Django
queryset, built and compiled per message), so the statement is built once and its row turned into instances
as the ORM would (`api.selectors.sql_rows`).
"""

from __future__ import annotations

import functools

from api.models import Borne, Device, Emplacement
from api.selectors.sql_rows import columns, first_row


@functools.cache
def _device_sql() -> str:
    d, e, b = (model._meta.db_table for model in (Device, Emplacement, Borne))
    selected = [*columns("d", Device), *columns("e", Emplacement), *columns("b", Borne)]
    return (
        f"SELECT {', '.join(selected)} FROM {d} d INNER JOIN {e} e ON e.id_emplacement = d.emplacement_id "
        f"INNER JOIN {b} b ON b.id_borne = e.borne_id WHERE b.mqtt_prefix = %s AND e.numero = %s"
    )


def device_at(*, prefix: str, bay: int) -> Device | None:
    """The device of bay `bay` of the cabinet whose MQTT prefix is `prefix` (unique, as the bay's number in
    its cabinet), with `device.emplacement` and `device.emplacement.borne` loaded; None: no such device."""
    read = first_row(_device_sql(), [prefix, bay])
    if read is None:
        return None
    device, emplacement, borne = read.instance(Device), read.instance(Emplacement), read.instance(Borne)
    assert device is not None and emplacement is not None and borne is not None  # inner joins
    emplacement.borne = borne
    device.emplacement = emplacement
    return device
