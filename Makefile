# The two commands of the README: `make demo` and `make test`. Each bootstraps .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: demo test test-slow publish report lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# publish must follow dbt build directly: it checks that build's run_results.json
demo: $(STAMP)
	$(BIN)/dbt build
	$(BIN)/customer-value publish
	$(BIN)/customer-value summary
	$(BIN)/customer-value report

publish: $(STAMP)
	$(BIN)/customer-value publish

report: $(STAMP)
	$(BIN)/customer-value report

test: $(STAMP)
	$(BIN)/python -m pytest

# The slow tests (`-m slow`): large-sample recoveries and the BI tools as users have them (older
# DuckDB releases, Apache Superset, MetricFlow), each installed on first use into its own
# git-ignored .venv-<name> and reused after. CI runs them after `make test`.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check src tests/python python_models bench
	$(BIN)/ruff format --check src tests/python python_models bench
	$(BIN)/sqlfluff lint models tests/*.sql

clean:
	rm -rf target logs dbt_packages warehouse/*.duckdb* $(VENV) .venv-*
