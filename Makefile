# Two commands from a fresh clone:  make run  (demo site)  and  make test  (every check and test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip -q --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_PROGRESS_BAR := off

.PHONY: run serve setup test test-fast checks pytest pytest-sqlite pytest-postgres system-deps messages demo clean bench soak

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -r requirements-dev.txt
	touch $@

messages: $(VENV)/.installed
	$(PY) scripts/catalogues.py compile

# Migrate (always --noinput: wagtail-modeltranslation's migrate prompts otherwise), fill the
# default-language columns of existing rows, load the idempotent demo content.
setup: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py update_translation_fields >/dev/null
	$(PY) manage.py load_demo

run: setup
	@echo
	@echo "  Portal:  http://$(HOST):$(PORT)/"
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/   user: admin   password: portal-demo"
	@echo "  Office staff (Norway): norway-editor / norway-moderator, same password"
	@echo "  Translators: nb-translator, nb-reviewer (Norwegian), fr-translator (French), same password"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# What the tests need from Debian: Chromium for browser tests, gettext to extract strings for
# the catalogue check, npm for axe-core (accessibility tests) and the W3C HTML checker (vnu-jar,
# which runs on Java: tests/portal/test_html_validity.py), redis-server for the PostgreSQL
# pass's cache (scripts/with-redis.sh), nginx in front of two app servers (tests/support/nginx.py, run
# unprivileged from a temp dir: the service the package starts is not used), PostgreSQL (installed
# on demand by scripts/with-postgres.sh).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing (apt-get)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

checks: $(VENV)/.installed-dev messages system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run --noinput
	$(PY) scripts/catalogues.py check

# axe-core for tests/browser/test_accessibility.py, pinned in package.json and package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

pytest-sqlite: $(VENV)/.installed-dev messages system-deps node_modules/.package-lock.json
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Not the `once` tests (tests/support/tiers.py): those that start servers with databases of their
# own, and the browser and HTML checks, find the same in either pass; the SQLite pass runs them.
pytest-postgres: $(VENV)/.installed-dev messages system-deps node_modules/.package-lock.json
	scripts/with-redis.sh scripts/with-postgres.sh $(PY) -m pytest -q -m "not once" $(PYTEST_ARGS)

# The two passes use separate databases (SQLite in memory, a private PostgreSQL) and in-memory
# media, so they run side by side, one per core; each pass's output is printed when it ends.
test: checks
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest-sqlite pytest-postgres

# The fast tier, for the edit-and-test loop: every test that runs in this process on SQLite (the
# in-memory database of config/settings/test.py). Not the `system` tests (gunicorn, PostgreSQL,
# Redis, manage.py or gettext in a child process, the backup scripts) nor the `browser` ones
# (tests/browser/, Chromium): so no apt-get, no npm, no subprocess (tests/support/tiers.py fails a
# test that starts a program without the `system` mark). `make test` still runs everything.
# pytest-xdist runs it on every core (-n auto), each worker with its own in-memory database.
test-fast: $(VENV)/.installed-dev messages
	$(PY) -m pytest -q -n auto -m "not system and not browser" $(PYTEST_ARGS)

# Load test, not part of `make test`: a scratch PostgreSQL, the demo portal (BENCH_ARGS="--scale
# default" adds the scale data), gunicorn and wrk; writes bench/results.md (bench/README.md).
bench: $(VENV)/.installed messages system-deps
	bench/run.sh $(BENCH_ARGS)

# Soak test, not part of `make test`: 10 minutes at 16 connections over mixed public URLs while an
# editor publishes every 10 s (SOAK_ARGS="--minutes 2" for a short run); writes
# bench/soak-results.md and fails on an error, a stale page or memory drifting over 10%.
# NODES=2: two gunicorn instances behind nginx sharing a Redis, stopped and started mid-run.
NODES ?= 1
soak: $(VENV)/.installed messages system-deps
	scripts/with-postgres.sh $(PY) bench/soak.py --nodes $(NODES) $(SOAK_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles node_modules
