# Quickstart targets: `make demo` and `make test` work on a fresh machine with Python 3.11+, git, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-dev-$(HASH)
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(HASH)

.PHONY: demo test lint typecheck pytest pytest-fast bench native clean install install-dbt system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo needs only the runtime dependencies; tests need the dev extra (PySpark, moto, ...).
$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-runtime-* && touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@ $(RUNTIME_STAMP)

# dbt-core 1.11 pins pathspec<0.13 while mypy 2 needs pathspec>=1, so dbt gets its own venv;
# the dbt integration test runs .venv-dbt/bin/dbt.
DBT_VENV := .venv-dbt
DBT_STAMP := $(DBT_VENV)/.installed-$(HASH)

$(DBT_STAMP): pyproject.toml
	test -x $(DBT_VENV)/bin/python || $(PYTHON) -m venv $(DBT_VENV)
	$(DBT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DBT_VENV)/bin/python -m pip install --quiet -e '.[dbt]'
	rm -f $(DBT_VENV)/.installed-* && touch $@

install: $(STAMP)

install-dbt: $(DBT_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/python scripts/demo.py

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

pytest: install install-dbt
	$(BIN)/pytest -q

pytest-fast: install
	$(BIN)/pytest -q -m "not slow"

test: lint typecheck pytest

# The generated validators compiled by mypyc into generated/validators/.native (not committed).
native: install
	$(BIN)/contracts compile-validators

bench: install native
	$(BIN)/python benchmarks/bench_lint.py
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_compat_diff.py
	$(BIN)/python benchmarks/bench_compat.py
	$(BIN)/python benchmarks/bench_generate.py

system-deps:
	bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) $(DBT_VENV) .mypy_cache .pytest_cache .ruff_cache
