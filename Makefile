# The README's contract: `make run` and `make test` work on a fresh clone with Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint migrate seed bench bench-smoke verify clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

.env:
	cp .env.example .env

migrate: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py run_dev

# In parallel (pytest-xdist, one worker per core, each with its own test database and embedded broker);
# PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= auto
test: $(STAMP) .env
	$(PY) -m pytest -n $(PYTEST_WORKERS)

test-postgres: $(STAMP) .env
	bash .ci/postgres-pass

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy api config
	$(VENV)/bin/lint-imports

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
