"""What a kiosk's broker user may do: publish its own cabinet's `cmd`, read its own devices' reports.

The same rules as the Mosquitto ACL that `manage.py kiosk_broker_files` writes (docs/deployment.md).
"""

from __future__ import annotations

from api.mqtt.topics import parse_topic

KIOSK_PUBLISH_KINDS = ("cmd",)
KIOSK_READ_KINDS = ("ack", "state", "status", "tele")


def kiosk_topic_filters(prefix: str) -> dict[str, list[str]]:
    """The topic filters the kiosk may publish to and subscribe to (its cabinet's bays only)."""
    base = prefix.strip("/")
    return {"publish": [f"{base}/bay/+/{kind}" for kind in KIOSK_PUBLISH_KINDS],
            "subscribe": [f"{base}/bay/+/{kind}" for kind in KIOSK_READ_KINDS]}


def kiosk_may_publish(prefix: str, topic: str) -> bool:
    parsed = parse_topic(topic)
    return parsed is not None and parsed.prefix == prefix.strip("/") and parsed.kind in KIOSK_PUBLISH_KINDS


def kiosk_may_read(prefix: str, topic: str) -> bool:
    """A concrete topic delivered to the kiosk."""
    parsed = parse_topic(topic)
    return parsed is not None and parsed.prefix == prefix.strip("/") and parsed.kind in KIOSK_READ_KINDS


def kiosk_may_subscribe(prefix: str, topic_filter: str) -> bool:
    """`<prefix>/bay/<n or +>/<read kind>`: no `#`, nothing outside the cabinet."""
    base = prefix.strip("/")
    if "#" in topic_filter or not topic_filter.startswith(f"{base}/bay/"):
        return False
    rest = topic_filter[len(base) + len("/bay/"):].split("/")
    if len(rest) != 2 or "+" in base:
        return False
    bay, kind = rest
    return (bay == "+" or (bay.isdigit() and not bay.startswith("0"))) and kind in KIOSK_READ_KINDS
