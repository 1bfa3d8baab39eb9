"""Release reservations not opened within the grace period (the worker runs the same service later)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from api.services.reservations import reservation_release_no_shows


class Command(BaseCommand):
    help = "Release no-show reservations (safe to run twice at once)."

    def handle(self, *args: Any, **options: Any) -> None:
        released = reservation_release_no_shows()
        self.stdout.write(f"{released} reservation(s) released")
