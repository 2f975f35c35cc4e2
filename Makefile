# The two set-up commands: `make run` (build the atlas, serve the web app) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast ruff lint bench clean chromium postgres

$(BIN)/kembar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/kembar

HOST ?= 127.0.0.1
PORT ?= 8000

run: $(BIN)/kembar
	$(BIN)/kembar init
	$(BIN)/kembar demo
	$(BIN)/kembar stats
	$(BIN)/kembar serve --host $(HOST) --port $(PORT)

ruff: $(BIN)/kembar
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

lint: ruff
	$(BIN)/mypy

# The browser tests drive Debian's Chromium; install it when missing (needs root).
chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "error: apt-get could not install chromium" >&2; exit 1; }; \
	  else \
	    echo "error: the browser tests need Chromium at /usr/bin/chromium; run 'sudo apt-get install chromium' and then 'make test' again" >&2; \
	    exit 1; \
	  fi; }

# The tests run the storage, write path, concurrency and API on PostgreSQL too, in a
# throwaway cluster they start themselves (tests/pgcluster.py); install the server when missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's postgresql for the tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || { echo "error: apt-get could not install postgresql" >&2; exit 1; }; \
	  else \
	    echo "error: the tests need PostgreSQL 15 (initdb, pg_ctl); run 'sudo apt-get install postgresql' and then 'make test' again" >&2; \
	    exit 1; \
	  fi; }

# Python's bytecode caches (__pycache__, ignored by git) are kept even where the
# environment sets PYTHONDONTWRITEBYTECODE: without them every test process, and every
# `kembar` process a test starts, compiles the package again and pytest rewrites every
# test module's asserts again (collecting the tests: 7.5 s of CPU a process, 3.6 s with them).
export PYTHONDONTWRITEBYTECODE :=

# Test processes (pytest-xdist): one per core. The tests of the world atlas's recommender
# share one process, those of the atlas alone another (conftest.py groups them).
JOBS ?= auto

# Everything: ruff, mypy, both backends, the browser, the full world atlas. mypy runs
# beside the tests (its report printed after theirs); either failing fails the target.
test: ruff chromium postgres
	@$(BIN)/mypy > $(VENV)/mypy.log 2>&1 & typing=$$!; \
	$(BIN)/pytest -n $(JOBS) --dist loadgroup; tests=$$?; \
	wait $$typing; typed=$$?; echo "mypy:"; cat $(VENV)/mypy.log; \
	test $$tests -eq 0 && test $$typed -eq 0

# The loop while editing (under a minute): SQLite only, no browser, no full world atlas.
test-fast: $(BIN)/kembar
	KEMBAR_TEST_BACKENDS=sqlite $(BIN)/pytest -q -n $(JOBS) --dist loadgroup -m "not slow" --ignore=tests/browser

bench: $(BIN)/kembar
	$(BIN)/python bench/bench_init.py
	$(BIN)/python bench/bench_web.py

clean:
	rm -rf $(VENV) var build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
