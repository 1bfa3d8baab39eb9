"""Production settings: no secret defaults, and `check --deploy` is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijklmnop",
    "CREDENTIAL_PEPPER": "a-production-pepper-0123456789",
    "ALLOWED_HOSTS": "bornes.example.org",
    "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'deploy-check.sqlite3'}",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # only the given settings: none of the test run's own (pytest-env sets some, e.g. SECURE_SSL_REDIRECT)
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    # cwd is a folder without .env so that only the given environment counts
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT / "tests", capture_output=True, text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "CREDENTIAL_PEPPER", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    env["DOTENV_DISABLED"] = "1"
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DOTENV_DISABLED": "1"})
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
