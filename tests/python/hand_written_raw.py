"""Small hand-written raw files built into a warehouse: the helpers of the hardening tests
(test_hostile_values.py, test_raw_file_layouts.py, test_too_little_data.py,
test_reruns_and_interruptions.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dbt_project_runner import run_dbt

HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"
UK = "United Kingdom"

#: Builds every model the raw-line and customer checks read, with the data tests whose
#: parents are all selected (reconciliations included), and nothing that needs many customers.
BUILD_TO_CUSTOMERS = [
    "build",
    "--select",
    "+customers",
    "+data_quality_summary",
    "+int_transactions_quarantined",
    "--indirect-selection",
    "cautious",
]
BUILD_TO_STAGING = [
    "build",
    "--select",
    "+stg_online_retail__transactions",
    "--indirect-selection",
    "cautious",
]
BUILD_TO_QUARANTINE = [
    "build",
    "--select",
    "+int_transactions_quarantined",
    "--indirect-selection",
    "cautious",
]


def fetch_rows(database, sql):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql(sql).fetchall()


def fetch_scalar(database, sql):
    return fetch_rows(database, sql)[0][0]


def build(args, folder, raw_path, **variables):
    """Run dbt on a fresh warehouse in ``folder``; return (result, warehouse path)."""
    database = folder / "warehouse.duckdb"
    result = run_dbt(args, database, {"raw_transactions_path": str(raw_path), **variables})
    return result, database


def write_csv(path: Path, header: str, lines: list[str]) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n")
    return path
