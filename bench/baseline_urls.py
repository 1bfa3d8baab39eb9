"""Benchmark 1's baseline: a bare Django view doing one indexed query, served by the same gunicorn setup.

Never part of the product's URLconf: only `bench.baseline_settings` (the bench's own server) routes it.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from api.models import TerminalKey


def one_indexed_query(request: HttpRequest, key_hash: str) -> JsonResponse:
    """The kiosk's first step alone: its key row by the unique index on `key_hash`."""
    row = TerminalKey.objects.filter(key_hash=key_hash).values_list("borne_id", flat=True).first()
    return JsonResponse({"borne": row}, status=200 if row is not None else 404)


urlpatterns = [path("baseline/<str:key_hash>/", one_indexed_query)]
