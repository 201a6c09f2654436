# spacegraph: `make serve` sets everything up and serves the graph built from sources/;
# `make test` runs the tests. Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup build serve test lint format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

# Exit code 1 means some documents were rejected (each named on stderr); the rest loaded.
build: setup
	$(BIN)/spacegraph build || [ $$? -eq 1 ]

serve: build
	$(BIN)/spacegraph serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: setup
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
