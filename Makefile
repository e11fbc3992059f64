# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
CHROMIUM := /usr/bin/chromium

.PHONY: run test install chromium pdf-libs lint bench clean

# Installs Debian packages when missing (as root, or through sudo).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

install: $(RUN_STAMP)

## run: install, migrate instance/factcheck.db, create the first admin and demo data, serve
run: install pdf-libs
	$(FLASK) db upgrade
	$(FLASK) setup
	@echo "factcheck is serving on http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

## chromium: Debian's Chromium for the browser tests (never Playwright's own download)
chromium:
	@test -x $(CHROMIUM) || { $(APT_INSTALL) chromium; }

## pdf-libs: Pango and fonts with French accents for WeasyPrint's PDF reports
pdf-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu; } || \
	  { $(APT_INSTALL) libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; }

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

## test: lint, then the whole suite on SQLite, then again on PostgreSQL when
## FACTCHECK_TEST_DATABASE_URL is set (tests that touch no database run once)
test: $(TEST_STAMP) chromium pdf-libs lint
	env -u FACTCHECK_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$FACTCHECK_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$FACTCHECK_TEST_DATABASE_URL"; \
	  $(BIN)/python -m pytest; \
	fi

bench: $(TEST_STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
