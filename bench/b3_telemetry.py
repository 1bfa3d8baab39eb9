"""3. Telemetry ingestion (pending)."""

from __future__ import annotations

from typing import Any

from bench.common import Sizes


def run(sizes: Sizes, env: dict[str, str]) -> dict[str, Any]:
    return {}


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    return []
