# The README's contract: `make run` and `make test` work on a fresh clone with Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres test-e2e lint migrate seed bench bench-smoke verify clean frontend frontend-check api-types \
	check-api-types messages

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

.env:
	cp .env.example .env

# --- The web front end (frontend/): Node.js 20+ and npm ---------------------------------------------------
NPM_STAMP := frontend/node_modules/.installed
FRONTEND_BUILT := frontend/dist/.built
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/*.html frontend/*.ts frontend/*.json)
# The schema does not depend on the machine's .env: a fixed, production-like environment.
SCHEMA_ENV := DOTENV_DISABLED=true DEBUG=false SECRET_KEY=schema-export CREDENTIAL_PEPPER=schema-export \
	ALLOWED_HOSTS=localhost

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js 20+ and npm are required for the web front end (npm not found)"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

$(FRONTEND_BUILT): $(NPM_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run build
	touch $(FRONTEND_BUILT)

# Builds the three web apps when missing or stale (make run does it too).
frontend: $(FRONTEND_BUILT)

# The OpenAPI schema (openapi/schema.yaml) and the TypeScript types made from it, both committed.
api-types: $(STAMP) $(NPM_STAMP)
	$(SCHEMA_ENV) $(PY) manage.py spectacular --lang en --file openapi/schema.yaml --validate --fail-on-warn
	cd frontend && npm run --silent api-types

# CI: the committed schema and types are what the code produces.
check-api-types: api-types
	@git diff --exit-code --stat -- openapi/schema.yaml frontend/src/shared/api/schema.d.ts || \
		{ echo "openapi/schema.yaml or the TypeScript types are stale: run make api-types and commit them"; exit 1; }

# The front end's type check, lint and unit tests (Vitest).
frontend-check: $(NPM_STAMP)
	cd frontend && npm run --silent typecheck && npm run --silent lint && npm run --silent test

# Playwright in Debian's Chromium against the whole system (gunicorn, worker, broker, simulated devices)
# started by the test harness on a fresh database.
test-e2e: $(STAMP) $(FRONTEND_BUILT)
	cd frontend && npx playwright test

migrate: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed_demo

run: seed $(FRONTEND_BUILT)
	$(PY) manage.py run_dev

# In parallel (pytest-xdist, one worker per core, each with its own test database and embedded broker);
# PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= auto
test: $(STAMP) .env frontend-check
	$(PY) -m pytest -n $(PYTEST_WORKERS)

test-postgres: $(STAMP) .env
	bash .ci/postgres-pass

lint: $(STAMP) .env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy api config bench
	$(VENV)/bin/lint-imports
	$(PY) manage.py check_translations

# The translation catalogues (locale/, docs/translations.md) brought up to date with the code, then
# compiled: write the French of the new messages in locale/fr/LC_MESSAGES/django.po and run it again.
# Needs GNU gettext (xgettext, msgmerge, msgfmt); the compiled .mo files are committed, so `make run` and
# `make test` do not.
messages: $(STAMP) .env
	$(PY) manage.py update_translations

# Benchmarks (docs/benchmarks.md): PostgreSQL at 127.0.0.1:5432 (user postgres), database borne_bench recreated.
bench: $(STAMP)
	$(PY) -m bench

bench-smoke: $(STAMP)
	$(PY) -m bench --smoke

# The adversarial suite with a larger budget (CI runs it with ADVERSARIAL_EXAMPLES=6, no shrinking):
# more generated cases per operation and actor, longer state-machine runs, failing cases shrunk; first on
# the embedded defaults, then on PostgreSQL + Mosquitto with the MQTT fuzz at full scale (100,000 messages).
VERIFY_EXAMPLES ?= 60
verify: $(STAMP) .env
	ADVERSARIAL_EXAMPLES=$(VERIFY_EXAMPLES) ADVERSARIAL_SHRINK=1 $(PY) -m pytest tests/adversarial tests/test_settings.py \
		-p no:cacheprovider --timeout 7200 -q
	ADVERSARIAL_EXAMPLES=$(VERIFY_EXAMPLES) ADVERSARIAL_SHRINK=1 ADVERSARIAL_SCALE=verify bash .ci/postgres-pass \
		tests/adversarial tests/test_settings.py --timeout 7200 -q

clean:
	rm -rf $(VENV) var/*.sqlite3*
