"""Write the JSON Schema of every MQTT payload to docs/device-schemas/ (for firmware authors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from api.mqtt.schemas import SCHEMAS_BY_KIND, schema_file_name


class Command(BaseCommand):
    help = "Export the JSON Schemas of the device payloads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "device-schemas"))

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        for kind, model in SCHEMAS_BY_KIND.items():
            schema = model.model_json_schema()
            schema["$id"] = schema_file_name(kind)
            schema["description"] = f"Topic `<prefix>/bay/<n>/{kind}`. " + (schema.get("description") or "")
            path = output / schema_file_name(kind)
            path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"wrote {path}")
