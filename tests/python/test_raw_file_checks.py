"""The raw file named by var raw_transactions_path: accepted layouts, and one clear message for
each kind of bad file (the on-run-start hook create_raw_transactions_view)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dbt_project_runner import assert_ok, run_dbt

HEADER_II = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"
HEADER_I = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"


def _seed(tmp_path, raw_path):
    """`dbt seed` runs the raw-file check first and then only loads the small seeds."""
    return run_dbt(
        ["seed"], tmp_path / "warehouse.duckdb", {"raw_transactions_path": str(raw_path)}
    )


def _assert_fails_with(result, *fragments):
    assert result.returncode != 0, result.output[-3000:]
    for fragment in fragments:
        assert fragment in result.output, result.output[-3000:]


def test_missing_file(tmp_path):
    missing = tmp_path / "nowhere.csv"
    _assert_fails_with(_seed(tmp_path, missing), str(missing), "no file found")


def test_unsupported_extension(tmp_path):
    workbook = tmp_path / "online_retail_II.xlsx"
    workbook.write_bytes(b"PK")
    _assert_fails_with(_seed(tmp_path, workbook), "unsupported file type", "customer-value ingest")


def test_missing_column(tmp_path):
    path = tmp_path / "no_country.csv"
    path.write_text(
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID\n"
        "489434,85048,LIGHT,12,2009-12-01 07:45:00,6.95,13085\n"
    )
    _assert_fails_with(_seed(tmp_path, path), str(path), "missing column(s) Country")


def test_header_only_file_has_no_rows(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(HEADER_II + "\n")
    _assert_fails_with(_seed(tmp_path, path), str(path), "has no rows")


def test_unreadable_column_type(tmp_path):
    path = tmp_path / "boolean_quantity.parquet"
    table = pa.table(
        {
            "Invoice": ["489434"],
            "StockCode": ["85048"],
            "Description": ["LIGHT"],
            "Quantity": [True],
            "InvoiceDate": pa.array([0], pa.timestamp("us")),
            "Price": [6.95],
            "Customer ID": [13085.0],
            "Country": ["United Kingdom"],
        }
    )
    pq.write_table(table, path)
    _assert_fails_with(_seed(tmp_path, path), "unreadable column type", "Quantity is BOOLEAN")


def test_dates_in_an_unknown_layout_name_the_var(tmp_path):
    path = tmp_path / "worded_dates.csv"
    path.write_text(
        HEADER_II + "\n489434,85048,LIGHT,12,Jan 13th 2010 07:45,6.95,13085,United Kingdom\n"
    )
    _assert_fails_with(
        _seed(tmp_path, path), '"InvoiceDate"', "Jan 13th 2010 07:45", "raw_date_format"
    )


@pytest.fixture(scope="module")
def latin1_warehouse(tmp_path_factory):
    """A Latin-1 CSV in the first UCI naming with month-first dates and one unreadable value."""
    folder = tmp_path_factory.mktemp("latin1")
    path = folder / "online retail 'latin1'.csv"
    lines = [
        HEADER_I,
        "536365,85123A,CAF\xc9 HEART \xa3 HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
        "536366,22633,HAND WARMER,six,12/1/2010 8:28,1.85,17850.0,United Kingdom",
        "C536379,85123A,CAF\xc9 HEART \xa3 HOLDER,-2,12/2/2010 9:41,2.55,17850.0,United Kingdom",
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    database = folder / "warehouse.duckdb"
    result = run_dbt(
        [
            "build",
            "--select",
            "+int_sales_lines_netted",
            "+int_transactions_quarantined",
            "--indirect-selection",
            "cautious",
        ],
        database,
        # one line of three is unreadable on purpose: above the gate's default 1%
        {"raw_transactions_path": str(path), "gate_max_unreadable_share": 0.5},
    )
    assert_ok(result)
    return database


def test_latin1_csv_with_old_uci_names_reads_correctly(latin1_warehouse):
    with duckdb.connect(str(latin1_warehouse), read_only=True) as con:
        rows = con.sql(
            "select invoice_id, stock_code, description, quantity, unit_price, customer_id,"
            " invoiced_at from stg_online_retail__transactions order by invoice_id"
        ).fetchall()
    descriptions = {row[2] for row in rows}
    assert "CAF\u00c9 HEART \u00a3 HOLDER" in descriptions
    first = rows[0]
    assert first[0] == "536365"
    assert first[3] == 6
    assert float(first[4]) == 2.55
    assert first[5] == "17850"
    assert str(first[6]) == "2010-12-01 08:26:00"


def test_unreadable_value_is_quarantined_not_lost(latin1_warehouse):
    with duckdb.connect(str(latin1_warehouse), read_only=True) as con:
        quarantined = con.sql(
            "select invoice_id, quarantine_reason, has_bad_quantity"
            " from int_transactions_quarantined"
        ).fetchall()
        netted = con.sql("select line_id, net_quantity from int_sales_lines_netted").fetchall()
    assert quarantined == [("536366", "unparseable_value", True)]
    assert [row[1] for row in netted] == [4]


def _two_line_file(tmp_path):
    path = tmp_path / "two_lines.csv"
    path.write_text(
        HEADER_II + "\n"
        "489434,85048,LIGHT,12,2010-01-01 07:45:00,6.95,13085,United Kingdom\n"
        "489435,85048,LIGHT,12,2010-12-31 07:45:00,6.95,13085,United Kingdom\n"
    )
    return path


def test_observation_end_before_the_first_invoice(tmp_path):
    result = run_dbt(
        ["seed"],
        tmp_path / "warehouse.duckdb",
        {
            "raw_transactions_path": str(_two_line_file(tmp_path)),
            "observation_end_date": "2009-06-30",
        },
    )
    _assert_fails_with(
        result, "observation_end_date = 2009-06-30 is before the first invoice (2010-01-01)"
    )


def test_holdout_longer_than_the_data(tmp_path):
    settings = {"raw_transactions_path": str(_two_line_file(tmp_path)), "holdout_days": 400}
    database = tmp_path / "warehouse.duckdb"
    # stops a run that builds the lifetime-value models, before anything is built ...
    result = run_dbt(["build", "--select", "clv_holdout_predictions"], database, settings)
    _assert_fails_with(result, "holdout_days = 400", "spans 364 days", "Lower holdout_days")
    # ... and does not get in the way of a run that does not
    assert run_dbt(["seed"], database, settings).returncode == 0


def test_observation_end_that_is_not_a_date(tmp_path):
    result = run_dbt(
        ["seed"],
        tmp_path / "warehouse.duckdb",
        {
            "raw_transactions_path": str(_two_line_file(tmp_path)),
            "observation_end_date": "June 2011",
        },
    )
    _assert_fails_with(result, "observation_end_date", "June 2011")
