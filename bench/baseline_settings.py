"""Settings of the baseline server of benchmark 1: the production settings, another URLconf (bench only)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
