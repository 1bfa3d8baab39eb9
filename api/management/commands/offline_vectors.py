"""Write the offline verification's test vectors (tests/vectors/offline-cache.json, docs/offline.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from api.services.offline_vectors import offline_vectors

DEFAULT_PATH = Path(settings.BASE_DIR) / "tests" / "vectors" / "offline-cache.json"


def vectors_text() -> str:
    return json.dumps(offline_vectors(), indent=2, ensure_ascii=True) + "\n"


class Command(BaseCommand):
    help = "Write the offline cache test vectors (deterministic: fixed keys and clock)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(DEFAULT_PATH))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vectors_text())
        self.stdout.write(f"wrote {path}")
