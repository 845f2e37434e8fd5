"""Fixtures shared by the tests that build the dbt project, and a spy on the customer days' full
preparation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from customer_value.clv import summary
from customer_value.synthetic import write_transactions
from dbt_project_runner import assert_ok, published_copy, run_dbt
from raw_export_builds import AWKWARD_DESCRIPTION

#: Small enough to build in seconds, large enough for every model (k up to 8, holdout split).
FIXTURE_CUSTOMERS = 400
FIXTURE_SEED = 11


@pytest.fixture(scope="session")
def fixture_raw_file(tmp_path_factory) -> Path:
    """A small synthetic raw file in the Online Retail II layout, with every quirk."""
    path = tmp_path_factory.mktemp("raw") / "transactions.parquet"
    write_transactions(path, FIXTURE_CUSTOMERS, seed=FIXTURE_SEED, progress=False)
    return path


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory, fixture_raw_file) -> Path:
    """A warehouse built by `dbt build` on the fixture file; fails the session if the build does."""
    database = tmp_path_factory.mktemp("warehouse") / "customer_value.duckdb"
    result = run_dbt(["build"], database, {"raw_transactions_path": str(fixture_raw_file)})
    assert_ok(result)
    return database


@pytest.fixture(scope="session")
def published_project(tmp_path_factory, built_warehouse) -> Path:
    """A folder laid out like the project after `make demo` (warehouse/, target/, serving/ with
    a publication of the built warehouse): what the README's BI recipes read."""
    return published_copy(built_warehouse, tmp_path_factory.mktemp("published"))


@pytest.fixture
def full_preparations(monkeypatch) -> list:
    """One entry per full preparation of customer days (``summary._validated``, which merges
    and sorts) from here on: a frame already in the prepared form must not add one."""
    runs: list = []
    validated = summary._validated
    monkeypatch.setattr(summary, "_validated", lambda *args: runs.append(1) or validated(*args))
    return runs


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> pd.DataFrame:
    """Two years of generated lines (60 customers), one description needing quotes."""
    path = tmp_path_factory.mktemp("original") / "lines.parquet"
    write_transactions(path, 60, seed=3, progress=False)
    frame = pd.read_parquet(path)
    frame.loc[frame.index[::97], "Description"] = AWKWARD_DESCRIPTION
    return frame
