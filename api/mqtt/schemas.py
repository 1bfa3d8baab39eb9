"""Pydantic models of every MQTT payload (device-protocol.md). Unknown fields are refused, types are strict.

`python manage.py export_device_schemas` writes their JSON Schemas to docs/device-schemas/ for firmware
authors.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Text = Annotated[str, Field(max_length=500)]
Seq = Annotated[int, Field(ge=0, le=2**62)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


def _as_utc(value: datetime) -> datetime:
    """Normalize to UTC (a naive time is taken as UTC). RFC 3339 allows offsets up to ±23:59 and years 0000-9999,
    which PostgreSQL (offsets up to ±15:59) or Python (a year 1 moved west) cannot store: normalizing here keeps
    such a message from poisoning a telemetry batch, and one that cannot be normalized is invalid."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("timestamp out of range once in UTC") from exc


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


def _ip_address(value: str) -> str:
    ipaddress.ip_address(value)  # ValueError: refused here rather than by the database (PostgreSQL `inet`)
    return value


IpAddress = Annotated[str, Field(max_length=45, pattern=r"^[0-9a-fA-F:.]+$"), AfterValidator(_ip_address)]


def _may_hold_text(annotation: Any) -> bool:
    """Whether a field of this type can hold free text (a `Literal`'s values are fixed, a `UUID` is not text)."""
    if annotation is str:
        return True
    if get_origin(annotation) in (Union, UnionType, Annotated):
        return any(_may_hold_text(arg) for arg in get_args(annotation))
    return False


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    _text_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._text_fields = tuple(name for name, info in cls.model_fields.items() if _may_hold_text(info.annotation))

    @model_validator(mode="after")
    def _no_nul(self) -> Payload:
        """PostgreSQL text cannot hold NUL: such a message would fail at write time and block its batch.
        Only the text fields are looked at (`tele` has none: this runs for every message)."""
        for name in self._text_fields:
            value = getattr(self, name)
            if isinstance(value, str) and "\x00" in value:
                raise ValueError("text fields cannot contain NUL characters")
        return self


class CommandPayload(Payload):
    """`cmd` (backend -> device, QoS 1, never retained)."""

    command_id: UUID
    action: Literal["unlock", "lock", "start_charge", "stop_charge", "reboot"]
    issued_at: Timestamp
    ttl_s: Annotated[int, Field(ge=1, le=86400)]
    session_id: int | None = None
    params: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class AckPayload(Payload):
    """`ack` (device -> backend)."""

    command_id: UUID
    status: Literal["received", "done", "failed", "rejected"]
    message: Text = ""
    ts: Timestamp


class StatusPayload(Payload):
    """`status` (device birth, retained; or the broker's last will with `state` offline)."""

    state: Literal["online", "offline"]
    boot_id: Seq
    firmware_version: Annotated[str, Field(max_length=32)] | None = None
    ip_address: IpAddress | None = None
    mac_address: Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")] | None = None
    ts: Timestamp


class StatePayload(Payload):
    """`state` (device -> backend, retained)."""

    lock: Literal["verrouille", "deverrouille", "bloque"]
    plugged: bool
    charging: bool
    fault: Annotated[str, Field(max_length=64)] | None = None
    seq: Seq
    ts: Timestamp


class TelePayload(Payload):
    """`tele` (device -> backend, while charging)."""

    seq: Seq
    ts: Timestamp
    courant: Annotated[Finite, Field(ge=0, le=1000)]
    tension: Annotated[Finite, Field(ge=0, le=1000)]
    energie_kwh: Annotated[Finite, Field(ge=0, le=10000)]
    session_id: int


class SensorReading(Payload):
    type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
    unite: Annotated[str, Field(max_length=16)] = ""
    valeur: Finite


class SensorPayload(Payload):
    """`sensor` (device -> backend)."""

    ts: Timestamp
    readings: Annotated[list[SensorReading], Field(min_length=1, max_length=32)]


class OtaJobPayload(Payload):
    """`ota` (backend -> device, retained; an empty message clears it)."""

    job_id: UUID
    version: Annotated[str, Field(min_length=1, max_length=32)]
    url: Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class OtaProgressPayload(Payload):
    """`ota/progress` (device -> backend)."""

    job_id: UUID
    status: Literal["downloading", "installing", "succeeded", "failed", "rejected"]
    message: Text = ""
    ts: Timestamp


SCHEMAS_BY_KIND: dict[str, type[Payload]] = {
    "cmd": CommandPayload,
    "ack": AckPayload,
    "status": StatusPayload,
    "state": StatePayload,
    "tele": TelePayload,
    "sensor": SensorPayload,
    "ota": OtaJobPayload,
    "ota/progress": OtaProgressPayload,
}


def schema_file_name(kind: str) -> str:
    return kind.replace("/", "-") + ".json"
