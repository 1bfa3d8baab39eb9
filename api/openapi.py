"""OpenAPI schema extensions (registered by `ApiConfig.ready`).

A URL or e-mail field that accepts and returns "" (`allow_blank`) is documented as "the format, or an empty
string": drf-spectacular would declare `format: uri` / `format: email` only, which the stored "" contradicts.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class _BlankableFormatField(OpenApiSerializerFieldExtension):
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> Any:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if not (getattr(self.target, "allow_blank", False) and "format" in schema):
            return schema
        # No top-level `type`: drf-spectacular then adds no `format` from the field's validators next to `anyOf`.
        formatted = {key: schema.pop(key) for key in ("type", "format", "maxLength", "minLength") if key in schema}
        if getattr(self.target, "max_length", None):
            formatted["maxLength"] = self.target.max_length
        schema["anyOf"] = [formatted, {"type": "string", "maxLength": 0}]
        return schema


class BlankableURLField(_BlankableFormatField):
    target_class = "rest_framework.fields.URLField"


class BlankableEmailField(_BlankableFormatField):
    target_class = "rest_framework.fields.EmailField"
