"""Builds for the incremental-load tests: the SQL layer built from a glob of raw files, raw
lines split into files by period, and the tables compared row for row with a full build."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from customer_value.synthetic import write_transactions
from dbt_project_runner import assert_ok, run_dbt

#: The SQL layer and its tests, up to the customer-level marts (no Python model): what an
#: incremental load changes. The Python models read only customer-level tables.
BUILD_SQL_LAYER = [
    "build",
    "--select",
    "+customer_rfm",
    "+data_quality_summary",
    "+file_load_quality",
    "+int_raw_files_loaded",
    "+int_transactions_quarantined",
    "--indirect-selection",
    "cautious",
]
#: Tables compared row for row: the marts the SQL layer builds and the line-level tables.
COMPARED = [
    "customers",
    "customer_rfm",
    "data_quality_summary",
    "file_load_quality",
    "int_orders_aggregated",
    "int_sales_lines_netted",
    "int_cancellations_matched",
    "int_transactions_quarantined",
]


def table_rows(database: Path, name: str) -> pd.DataFrame:
    """A table's rows in a fixed order, with file paths cut to the file name (the warehouses
    compared read the same files from different folders)."""
    with duckdb.connect(str(database), read_only=True) as con:
        relation = con.sql(f'select * from "{name}"')
        # 128-bit line ids as text: DuckDB hands pandas no 128-bit integers
        columns = [
            f'hex("{column}") as "{column}"' if str(kind) == "UHUGEINT" else f'"{column}"'
            for column, kind in zip(relation.columns, relation.types, strict=True)
        ]
        frame = con.sql(f'select {", ".join(columns)} from "{name}"').df()
    for column in ("file_path", "source_file"):
        if column in frame.columns:
            frame[column] = frame[column].map(lambda path: Path(path).name)
    # when a row was written: the one thing an incremental load changes on purpose
    frame = frame.drop(columns=[c for c in ("loaded_at", "netted_at") if c in frame.columns])
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def assert_same_tables(database: Path, expected: Path, names=COMPARED) -> None:
    for name in names:
        pd.testing.assert_frame_equal(
            table_rows(database, name), table_rows(expected, name), obj=name
        )


def build(database: Path, raw: Path, args=BUILD_SQL_LAYER, **variables):
    result = run_dbt(args, database, {"raw_transactions_path": str(raw), **variables})
    assert_ok(result)
    return result


def assert_same_as_one_build(
    database: Path, raw: Path, names=COMPARED, args=BUILD_SQL_LAYER, **variables
) -> None:
    """Build ``raw`` once into a fresh warehouse beside ``database`` (``expected.duckdb``) and
    compare the tables ``names`` of both row for row."""
    expected = database.with_name("expected.duckdb")
    build(expected, raw, args=args, **variables)
    assert_same_tables(database, expected, names)


def split_into_files(frame: pd.DataFrame, folder: Path, period: str = "Q") -> list[Path]:
    """One Parquet file per period (a pandas period such as M or Q, or H for half-years), named
    so they sort in time order. Each file also repeats a few lines of the one before (exact
    duplicates across files)."""
    folder.mkdir(parents=True, exist_ok=True)
    if period == "H":
        dates = frame["InvoiceDate"].dt
        periods = dates.year.astype(str) + "H" + (1 + (dates.month > 6)).astype(str)
    else:
        periods = frame["InvoiceDate"].dt.to_period(period)
    paths, previous = [], None
    for number, value in enumerate(sorted(periods.unique())):
        part = frame[periods == value]
        if previous is not None:
            part = pd.concat([part, previous.head(7)], ignore_index=True)
        path = folder / f"{number:03d}_{value}.parquet"
        part.to_parquet(path, index=False)
        paths.append(path)
        previous = frame[periods == value]
    return paths


def generated_lines(folder: Path) -> pd.DataFrame:
    """150 generated customers' raw lines (cancellations of earlier purchases, copies)."""
    path = folder / "lines.parquet"
    write_transactions(path, 150, seed=5, progress=False)
    return pd.read_parquet(path)
