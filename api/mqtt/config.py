"""Where the broker is: `MQTT_URL`, or the embedded broker's address file for development."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

EMBEDDED_BROKER_FILE = Path(settings.VAR_DIR) / "embedded-broker.url"
EMBEDDED_BROKER_WS_FILE = Path(settings.VAR_DIR) / "embedded-broker-ws.url"


@dataclass(frozen=True)
class BrokerConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: bool = False


def parse_mqtt_url(url: str) -> BrokerConfig:
    """Parse `mqtt://user:pass@host:port` (or `mqtts://`) into a `BrokerConfig`."""
    parts = urlsplit(url)
    if parts.scheme not in {"mqtt", "mqtts", "tcp", "ssl"}:
        raise ValueError(f"Unsupported MQTT URL scheme: {parts.scheme!r}")
    tls = parts.scheme in {"mqtts", "ssl"}
    return BrokerConfig(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or (8883 if tls else 1883),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
    )


def broker_url() -> str | None:
    """`MQTT_URL`, else the URL the embedded broker wrote when it started, else None."""
    if settings.MQTT_URL:
        return str(settings.MQTT_URL)
    if EMBEDDED_BROKER_FILE.is_file():
        return EMBEDDED_BROKER_FILE.read_text().strip() or None
    return None


def broker_config() -> BrokerConfig | None:
    url = broker_url()
    return parse_mqtt_url(url) if url else None


def kiosk_ws_url() -> str | None:
    """Where kiosks reach their broker over WebSocket: `KIOSK_MQTT_WS_URL`, else the embedded broker's."""
    if settings.KIOSK_MQTT_WS_URL:
        return str(settings.KIOSK_MQTT_WS_URL)
    if EMBEDDED_BROKER_WS_FILE.is_file():
        return EMBEDDED_BROKER_WS_FILE.read_text().strip() or None
    return None
