# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
CHROMIUM := /usr/bin/chromium

.PHONY: run test install chromium lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate instance/factcheck.db, create the first admin and demo data, serve
run: install
	$(FLASK) db upgrade
	$(FLASK) setup
	@echo "factcheck is serving on http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

## chromium: Debian's Chromium for the browser tests (never Playwright's own download)
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

lint: install
	$(BIN)/ruff check .

## test: lint, then the whole suite on SQLite, then again on PostgreSQL when
## FACTCHECK_TEST_DATABASE_URL is set (tests that touch no database run once)
test: install chromium lint
	env -u FACTCHECK_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$FACTCHECK_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$FACTCHECK_TEST_DATABASE_URL"; \
	  $(BIN)/python -m pytest; \
	fi

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
