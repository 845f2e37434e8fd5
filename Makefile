# The two commands of the README: `make demo` and `make test`. Each bootstraps .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: demo test test-slow publish report snapshot snapshot-demo lint clean bench-peer-env spark spark-demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The spark extra (dbt-spark with a local pyspark, ~400 MB), added to .venv only where it is
# needed: `make spark`, the Spark build and the slow tests.
SPARK_STAMP := $(VENV)/.spark-stamp
$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)

# README "Running on Spark": the line-level SQL layer on a local Spark (target spark), its
# customer-level tables written as Parquet to target/spark-output, then the Python stage and the
# marts after it on DuckDB reading them.
# (An absolute folder: Spark resolves a relative location against its database's folder.)
spark-demo: $(SPARK_STAMP)
	$(BIN)/dbt build --target spark --selector spark_sql_layer --vars '{spark_output_path: $(CURDIR)/target/spark-output}'
	$(BIN)/dbt build --selector after_spark --vars '{spark_output_path: $(CURDIR)/target/spark-output}'

# publish must follow dbt build directly: it checks that build's run_results.json. The snapshot
# comes after publish: it records what was published (and writes the warehouse, which publish
# would then refuse as changed since the build).
demo: $(STAMP)
	$(BIN)/dbt build
	$(BIN)/customer-value publish
	$(BIN)/dbt snapshot --select resource_type:snapshot
	$(BIN)/customer-value summary
	$(BIN)/customer-value report

publish: $(STAMP)
	$(BIN)/customer-value publish

report: $(STAMP)
	$(BIN)/customer-value report

# Record what was just published (dbt build leaves snapshots out: selectors.yml).
snapshot: $(STAMP)
	$(BIN)/dbt snapshot --select resource_type:snapshot

# Two monthly runs on the demo data, in a warehouse and serving folder of their own: build, publish
# and snapshot as of 31 August 2011, then with the data up to 9 December 2011; then print the two
# snapshots and how the August predictions are coming true.
SNAPSHOT_DEMO := warehouse/snapshot_demo
snapshot-demo: $(STAMP)
	rm -rf $(SNAPSHOT_DEMO).duckdb $(SNAPSHOT_DEMO).duckdb.wal $(SNAPSHOT_DEMO)
	export CUSTOMER_VALUE_DB=$(SNAPSHOT_DEMO).duckdb CUSTOMER_VALUE_SERVING_DIR=$(SNAPSHOT_DEMO)/serving \
		DBT_TARGET_PATH=$(SNAPSHOT_DEMO)/target; \
	$(BIN)/dbt build --quiet --vars '{observation_end_date: "2011-08-31"}' \
	&& $(BIN)/customer-value publish \
	&& $(BIN)/dbt snapshot --quiet --select resource_type:snapshot \
	&& $(BIN)/dbt build --quiet \
	&& $(BIN)/customer-value publish \
	&& $(BIN)/dbt snapshot --quiet --select resource_type:snapshot \
	&& $(BIN)/customer-value tracking

# Two workers, each test file on one (its module fixtures are built once): most of a test's
# time is a dbt process starting and parsing the project, which uses one core.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=25

# The slow tests (`-m slow`): large-sample recoveries and the BI tools as users have them (older
# DuckDB releases, Apache Superset, MetricFlow), each installed on first use into its own
# git-ignored .venv-<name> and reused after, and the SQL layer on Spark (the spark extra, added to
# .venv first). CI runs them after `make test`.
test-slow: $(STAMP) $(SPARK_STAMP)
	$(BIN)/python -m pytest -m slow --durations=15

lint: $(STAMP)
	$(BIN)/ruff check src tests/python python_models bench
	$(BIN)/ruff format --check src tests/python python_models bench
	$(BIN)/sqlfluff lint models tests/*.sql

# The peer notebook's own virtualenv for bench/bench_vs_peer.py: `lifetimes` (archived, old pins)
# and its stack stay out of the project's environment and out of `make test`.
PEER_VENV := .venv-bench-peer
bench-peer-env: $(PEER_VENV)/.installed-stamp
$(PEER_VENV)/.installed-stamp:
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet pandas pyarrow scikit-learn lifetimes duckdb
	touch $@

clean:
	rm -rf target logs dbt_packages warehouse/*.duckdb* $(VENV) .venv-*
