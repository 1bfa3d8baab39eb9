"""Topics of device-protocol.md: `<Borne.mqtt_prefix>/bay/<Emplacement.numero>/<kind>`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from api.models import Device

# Published by devices (or the broker, for the last will), ingested by the bridge.
DEVICE_KINDS = ("ack", "status", "state", "tele", "sensor", "ota/progress")
# Published by the backend.
BACKEND_KINDS = ("cmd", "ota")

_TOPIC_RE = re.compile(
    r"^(?P<prefix>[^#+$][^#+]*)/bay/(?P<bay>[1-9][0-9]{0,8})/(?P<kind>ack|status|state|tele|sensor|ota/progress|cmd|ota)$"
)


@dataclass(frozen=True)
class ParsedTopic:
    prefix: str
    bay: int
    kind: str

    @property
    def from_device(self) -> bool:
        return self.kind in DEVICE_KINDS


def bay_topic(prefix: str, numero: int, kind: str) -> str:
    """The topic of one bay: `bay_topic("evc/1/2", 3, "cmd") == "evc/1/2/bay/3/cmd"`."""
    if kind not in DEVICE_KINDS and kind not in BACKEND_KINDS:
        raise ValueError(f"Unknown topic kind {kind!r}")
    return f"{prefix.strip('/')}/bay/{int(numero)}/{kind}"


def device_topic(device: Device, kind: str) -> str:
    emplacement = device.emplacement
    return bay_topic(emplacement.borne.mqtt_prefix, emplacement.numero, kind)


@lru_cache(maxsize=16384)
def parse_topic(topic: str) -> ParsedTopic | None:
    """The prefix, bay number and kind of a protocol topic, or None for anything else.

    Cached (a `ParsedTopic` is immutable): a device publishes on the same few topics, and the regular
    expression and the frozen dataclass cost about 7 us a message, 4% of a worker under load."""
    match = _TOPIC_RE.match(topic)
    if match is None:
        return None
    return ParsedTopic(prefix=match["prefix"], bay=int(match["bay"]), kind=match["kind"])


def subscription_filters(*, shared: bool, group: str) -> list[str]:
    """What the bridge subscribes to.

    Everything (`#`), so that foreign topics are seen, logged and counted rather than silently ignored;
    the backend's own `cmd`/`ota` are skipped by kind. With shared subscriptions, `$share/<group>/#`.
    """
    return [f"$share/{group}/#"] if shared else ["#"]
