"""Raw exports written from a generated data set and built into a warehouse: the helpers of
test_raw_exports.py and test_quarantine_gate.py (the generated data itself is the fixture
`original` of conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from dbt_project_runner import assert_ok, run_dbt

#: Builds the raw-line models, the per-file gate and the customer marts, with every data test
#: whose parents are all selected (the quarantine gate, the reconciliations); no Python model.
BUILD_TO_CUSTOMERS = [
    "build",
    "--select",
    "+customers",
    "+data_quality_summary",
    "+file_load_quality",
    "+int_transactions_quarantined",
    "--indirect-selection",
    "cautious",
]
UCI_I_COLUMNS = {
    "Invoice": "InvoiceNo",
    "Price": "UnitPrice",
    "Customer ID": "CustomerID",
}
#: A description with a comma, a quote and a line break: quoting must keep it one field.
AWKWARD_DESCRIPTION = 'HEART, "RED"\nLARGE'


def us_dates(stamps: pd.Series) -> pd.Series:
    """12/1/2010 8:26, as the Kaggle copy of the UCI data writes them."""
    return (
        stamps.dt.month.astype(str)
        + "/"
        + stamps.dt.day.astype(str)
        + "/"
        + stamps.dt.year.astype(str)
        + " "
        + stamps.dt.hour.astype(str)
        + ":"
        + stamps.dt.strftime("%M")
    )


def id_text(values: pd.Series, form: str = "{:.1f}") -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else form.format(v))


def kaggle_layout(frame: pd.DataFrame) -> pd.DataFrame:
    """The Kaggle layout: old UCI names, M/D/YYYY H:MM dates, 17850.0 ids."""
    out = frame.rename(columns=UCI_I_COLUMNS)
    out["InvoiceDate"] = us_dates(frame["InvoiceDate"])
    out["CustomerID"] = id_text(frame["Customer ID"])
    return out


def european_layout(frame: pd.DataFrame) -> pd.DataFrame:
    """A European Excel export's values: DD.MM.YYYY HH:MM dates, 17850 ids (the decimal comma
    is written by to_csv)."""
    out = frame.copy()
    out["InvoiceDate"] = frame["InvoiceDate"].dt.strftime("%d.%m.%Y %H:%M")
    out["Customer ID"] = id_text(frame["Customer ID"], "{:.0f}")
    return out


def write_csv(frame: pd.DataFrame, path: Path, **options) -> Path:
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, **options)
    return path


def build_raw(folder: Path, raw, args=BUILD_TO_CUSTOMERS, expect_ok=True, **variables):
    database = folder / "warehouse.duckdb"
    result = run_dbt(args, database, {"raw_transactions_path": str(raw), **variables})
    if expect_ok:
        assert_ok(result)
        return database
    return result


def customers_mart(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql("select * from customers order by customer_id").df()


def file_quality(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        return (
            con.sql("select * from file_load_quality order by file_path")
            .df()
            .set_index("file_path")
        )
