# Quickstart targets: `make demo` and `make test` work on a fresh machine with Python 3.11+, git, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck pytest pytest-fast bench clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

demo: install
	$(BIN)/python -m lakecontracts.demo

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

pytest-fast: install
	$(BIN)/pytest -q -m "not slow"

test: lint typecheck pytest

bench: install
	$(BIN)/python benchmarks/bench_lint.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
