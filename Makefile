# spacegraph: `make serve` sets everything up and serves the graph built from sources/;
# `make test` runs the tests. Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup build serve test soak lint format clean browser-deps

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

# Eight clients run saved queries for SOAK_SECONDS while builds switch the served snapshot;
# fails on any failed request, leaked process or memory growth (bench/soak.py).
SOAK_SECONDS ?= 60
soak: setup
	$(BIN)/python bench/soak.py --seconds $(SOAK_SECONDS)

# Debian's Chromium and ChromeDriver for the browser tests (they are skipped without them).
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "browser tests will be skipped: install Debian's chromium and chromium-driver"; fi

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: setup
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
