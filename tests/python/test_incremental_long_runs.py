"""Incremental loads over many files (slow): the demo data month by month and a generated
five-year set quarter by quarter, each against one build of all its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from customer_value.synthetic import write_transactions
from incremental_builds import (
    BUILD_SQL_LAYER,
    COMPARED,
    assert_same_as_one_build,
    build,
    split_into_files,
)

#: The first months of the demo sample alone quarantine more than the gate's default half of
#: their lines (58% of December 2009, mostly lines without a customer id), so the month-by-month
#: builds, and the full builds they are compared with, allow more.
LENIENT_GATE = {"gate_max_quarantined_share": 0.9}


def _load_one_at_a_time(paths: list[Path], folder: Path, database: Path) -> None:
    """Copy the files into ``folder`` one by one, building the SQL layer after each; the last
    build is the whole project."""
    folder.mkdir()
    for number, path in enumerate(paths):
        shutil.copy(path, folder / path.name)
        last = number == len(paths) - 1
        args = ["build"] if last else BUILD_SQL_LAYER
        build(database, folder / "*.parquet", args=args, **LENIENT_GATE)


@pytest.mark.slow
def test_demo_data_month_by_month_equals_one_build(tmp_path):
    """The embedded demo data (25 months) loaded month by month: every mart, row for row."""
    from customer_value.warehouse import MARTS
    from dbt_project_runner import PROJECT_DIR

    demo = pd.read_parquet(PROJECT_DIR / "data" / "demo" / "online_retail_demo.parquet")
    paths = split_into_files(demo, tmp_path / "months", period="M")
    database = tmp_path / "incremental.duckdb"
    _load_one_at_a_time(paths, tmp_path / "exports", database)
    assert_same_as_one_build(
        database,
        tmp_path / "months" / "*.parquet",
        names=[*MARTS, *COMPARED],
        args=["build"],
        **LENIENT_GATE,
    )


@pytest.mark.slow
def test_five_years_quarter_by_quarter_equals_one_build(tmp_path):
    """A generated five-year set (20 quarterly files) loaded quarter by quarter."""
    raw = tmp_path / "five_years.parquet"
    write_transactions(raw, 300, seed=9, start="2007-01-01", end="2011-12-31", progress=False)
    paths = split_into_files(pd.read_parquet(raw), tmp_path / "quarters")
    database = tmp_path / "incremental.duckdb"
    _load_one_at_a_time(paths, tmp_path / "exports", database)
    assert_same_as_one_build(
        database, tmp_path / "quarters" / "*.parquet", args=["build"], **LENIENT_GATE
    )
