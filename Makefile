# One command to set up and run, one to set up and test. Only python3 (3.11+) is assumed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench schema clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: validate and plan every definition (the service itself arrives with the orchestration issue)
run: $(STAMP)
	$(BIN)/directive-flow validate definitions/
	$(BIN)/directive-flow plan definitions/directives/kontum/2014-975-tb-vp.yaml

## test: ruff, mypy --strict on src/, pytest with warnings as errors and a coverage floor
test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/coverage report

bench: $(STAMP)
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_plan.py

schema: $(STAMP)
	$(BIN)/directive-flow schema --out schema/

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
