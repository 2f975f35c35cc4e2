# The two set-up commands: `make run` (build the atlas and show it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/kembar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/kembar

run: $(BIN)/kembar
	$(BIN)/kembar init
	$(BIN)/kembar stats
	$(BIN)/kembar place Jakarta --country ID

lint: $(BIN)/kembar
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(BIN)/kembar
	$(BIN)/python bench/bench_init.py

clean:
	rm -rf $(VENV) var build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
