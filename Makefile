# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

.PHONY: run dev test unit lint format bench bench-quick chromium postgresql nginx replicas demo check clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Start the dashboard on the bundled data at http://localhost:8501
run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port 8501

## The dashboard for editing its code: reloads when a source file is saved
dev: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port 8501 --server.fileWatcherType auto --server.runOnSave true

## Install what the tests need (Debian's chromium, postgresql and nginx where missing and
## possible) and run them all
# pytest exits 5 when it collected no tests: that stays a failure (a vanished suite must not pass).
# Lint and the type check gate the tests, as in CI: a newcomer's `make test` fails where CI fails.
test: $(VENV)/.dev chromium postgresql nginx lint
	@$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; failing" >&2; fi; \
	exit $$status

## Domain and AppTest suites only (no browser)
unit: $(VENV)/.dev
	$(PY) -m pytest tests/unit tests/app

## Lint and type check (what `make test` and CI run first): ruff, then mypy on atlas/
lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Debian's chromium for the end-to-end tests; `playwright install` cannot download browsers here.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -q && apt-get install -y -q chromium) >/dev/null; \
	  else \
	    echo "chromium missing: install Debian's chromium (sudo apt-get install chromium) for tests/e2e"; \
	  fi; \
	fi

# Debian's PostgreSQL server binaries for the store tests (tests/store start a throwaway cluster
# as the unprivileged postgres user; they fail, not skip, when it cannot be started).
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -q && apt-get install -y -q postgresql) >/dev/null; \
	  else \
	    echo "postgresql missing: install Debian's postgresql (sudo apt-get install postgresql) for tests/store"; \
	  fi; \
	fi

# Debian's nginx for `make replicas` and tests/e2e/test_replicas.py (run from a temp prefix).
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -q && apt-get install -y -q nginx) >/dev/null; \
	  else \
	    echo "nginx missing: install Debian's nginx (sudo apt-get install nginx) for make replicas"; \
	  fi; \
	fi

## Two replicas behind nginx sharing a throwaway PostgreSQL, at http://127.0.0.1:8080 (Ctrl-C
## stops them all); REPLICAS=3 for more
REPLICAS ?= 2
replicas: $(VENV)/.runtime postgresql nginx
	$(PY) -m deploy.replicas --replicas $(REPLICAS) --port 8080

## Regenerate the synthetic demo dataset in data/demo/
demo: $(VENV)/.runtime
	$(PY) -m atlas.demo

## Validate the bundled data with the data managers' CLI
check: $(VENV)/.runtime
	$(PY) -m atlas check --trainings data/trainings.csv --participants data/participants.csv

## The speed table (bench/RESULTS.md): about 30 minutes; `make bench-quick` for a smoke run
bench: $(VENV)/.dev chromium
	$(PY) -m bench.run --write bench/RESULTS.md

bench-quick: $(VENV)/.dev chromium
	$(PY) -m bench.run --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
# var/atlas.db (the local store) is kept: it holds published versions.
