"""Serializer fields shared by every API answer."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import models
from rest_framework import serializers

# Largest id a filter accepts: a 64-bit signed integer (SQLite refuses larger values: 500 before).
MAX_ID = 2**63 - 1


class ApiDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset, in the display time zone (`TIME_ZONE`, api.md "Time").

    Where that zone's offset is not a whole number of minutes (Paris kept local mean time, +00:09:21,
    until 1911), ISO 8601 / RFC 3339 cannot write it: such an instant is written in UTC instead (found by
    `make verify`: a maintenance planned in 1911 was answered as `...+00:09:21`).
    """

    def enforce_timezone(self, value: datetime) -> datetime:
        value = super().enforce_timezone(value)
        offset = value.utcoffset()
        if offset is not None and offset.total_seconds() % 60:
            return value.astimezone(UTC)
        return value


def register() -> None:
    """Every `ModelSerializer` writes a model `DateTimeField` with `ApiDateTimeField` (ApiConfig.ready)."""
    serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = ApiDateTimeField
