# sendsight — the two commands in the README are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/sendsight/web/static
STAMP_PY := $(VENV)/.installed
STAMP_TEST := $(VENV)/.installed-test
STAMP_NODE := node_modules/.installed

.PHONY: install install-test system-libs assets demo test test-unit test-integration test-e2e lint typecheck docs benchmarks clean

install: $(STAMP_PY) assets system-libs

# WeasyPrint (board pack PDFs) needs Pango and HarfBuzz's subsetter from Debian. Installed here
# when missing and run as root; otherwise one line says what to install (never a failure).
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system-libs:
	@if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q libharfbuzz-subset.so.0 \
	    || ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q libpangoft2-1.0.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null \
	      || echo "Could not install $(PDF_LIBS): board pack PDFs need them"; \
	  else echo "Board pack PDFs need these Debian packages: sudo apt-get install $(PDF_LIBS)"; fi; \
	fi

$(STAMP_PY): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install-test: install $(STAMP_TEST)

$(STAMP_TEST): pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(STAMP_NODE)
	mkdir -p $(STATIC)/govuk $(STATIC)/dist
	rm -rf $(STATIC)/govuk/assets
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(STATIC)/govuk/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC)/govuk/
	npm run --silent build:css

# `make demo PORT=8080` serves on another port (as SENDSIGHT_PORT=8080 does).
demo: install
	$(BIN)/sendsight demo $(if $(PORT),--port $(PORT))

test: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

# The quick loop: unit and meta tests without those marked slow (``make test`` runs them all).
test-unit: install-test
	$(BIN)/pytest -m "not slow" tests/unit tests/meta

test-integration: install-test
	$(BIN)/pytest tests/integration

test-e2e: install-test
	$(BIN)/pytest tests/e2e

typecheck: install-test
	$(BIN)/mypy

docs: install
	$(BIN)/python -m sendsight.docsgen

# Shipped data files, rebuilt from the raw DfE files by a developer (never by the product or
# its tests): `make data` writes them, `make data-check` compares a rebuild byte for byte.
REAL ?= ../shared/data/real
.PHONY: data data-check require-real

require-real:
	$(if $(wildcard $(REAL)/.),,$(error Raw DfE files not found at $(REAL): set REAL=/path/to/shared/data/real))

data: require-real $(STAMP_PY)
	$(BIN)/python scripts/build_all.py --real "$(REAL)"

data-check: require-real $(STAMP_PY)
	$(BIN)/python scripts/build_all.py --real "$(REAL)" --check

clean:
	rm -rf $(VENV) node_modules $(STATIC)/govuk $(STATIC)/dist instance .pytest_cache .mypy_cache .ruff_cache
