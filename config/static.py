"""Static files answered by the application (WhiteNoise), a reverse proxy in front being optional."""

from __future__ import annotations

import re

from whitenoise.middleware import WhiteNoiseMiddleware

# Vite's assets of the web apps: `index-CSliV9zW.js`, a content hash of 8 characters after a dash.
_VITE_ASSET = re.compile(r"/static/app/assets/[^/]+-[0-9A-Za-z_-]{8}\.[0-9a-z.]+$")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with Vite's hashed assets cached for a year like Django's manifest names."""

    def immutable_file_test(self, path: str, url: str) -> bool:
        return bool(_VITE_ASSET.fullmatch(url)) or super().immutable_file_test(path, url)
