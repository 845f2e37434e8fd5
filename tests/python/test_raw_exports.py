"""Data trust (issue #12): raw files as people really export them read exactly as the Parquet
original does (the quarantine gate's tests are in test_quarantine_gate.py).

Every export below is written by the test from one small generated data set, so the reference
figures are computed, not typed in: each build's `customers` mart must equal the one built from
the Parquet file the exports were written from.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dbt_project_runner import run_dbt
from raw_export_builds import (
    AWKWARD_DESCRIPTION,
    build_raw,
    customers_mart,
    european_layout,
    file_quality,
    id_text,
    kaggle_layout,
    write_csv,
)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, original) -> pd.DataFrame:
    """The customers mart built from the original as Parquet."""
    folder = tmp_path_factory.mktemp("reference")
    path = folder / "lines.parquet"
    original.to_parquet(path, index=False)
    database = build_raw(folder, path)
    return customers_mart(database)


# ---------------------------------------------------------------------------------------------
# Exports read exactly as the original
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def monthly_glob(tmp_path_factory, original):
    """One CSV file per month, saved every way people save them, in one glob."""
    folder = tmp_path_factory.mktemp("monthly")
    exports = folder / "exports"
    exports.mkdir()
    kaggle = kaggle_layout(original)
    european = european_layout(original)
    months = original["InvoiceDate"].dt.strftime("%Y-%m")
    special = {}
    for number, month in enumerate(sorted(months.unique())):
        rows = months == month
        path = exports / f"{month}.csv"
        if number == 2:  # Excel "CSV UTF-8": byte-order mark, CRLF
            special["bom"] = write_csv(
                kaggle[rows], path, encoding="utf-8-sig", lineterminator="\r\n"
            )
        elif number == 3:  # a European Excel export
            special["european"] = write_csv(
                european[rows], path, sep=";", decimal=",", encoding="utf-8-sig"
            )
        elif number == 4:  # tab-delimited, ISO dates, ids with spaces around them
            tabbed = original[rows].copy()
            tabbed["Customer ID"] = id_text(tabbed["Customer ID"], " {:.0f} ")
            special["tab"] = write_csv(tabbed, path, sep="\t")
        elif number == 5:  # the first twelve days alone: dates that cannot tell day from month
            days = original.loc[rows, "InvoiceDate"].dt.day
            early = kaggle[rows][days.to_numpy() <= 12]
            special["ambiguous"] = write_csv(early, exports / f"{month}-a.csv", encoding="latin-1")
            write_csv(
                kaggle[rows][days.to_numpy() > 12], exports / f"{month}-b.csv", encoding="latin-1"
            )
        else:  # the Kaggle way: Latin-1, 12/1/2010 8:26, 17850.0
            write_csv(kaggle[rows], path, encoding="latin-1")
    database = build_raw(folder, exports / "*.csv")
    return database, {name: str(path) for name, path in special.items()}


def test_monthly_glob_of_mixed_exports_reads_as_the_original(monthly_glob, reference):
    database, _ = monthly_glob
    pd.testing.assert_frame_equal(customers_mart(database), reference)


def test_each_file_is_read_its_own_way(monthly_glob):
    database, special = monthly_glob
    files = file_quality(database)
    bom = files.loc[special["bom"]]
    assert (bom["encoding"], bool(bom["has_byte_order_mark"])) == ("utf-8", True)
    european = files.loc[special["european"]]
    assert (european["delimiter"], european["decimal_separator"]) == (";", ",")
    assert european["date_format"] == "%d.%m.%Y %H:%M"
    assert files.loc[special["tab"], "delimiter"] == "\t"
    assert files.loc[special["tab"], "date_format"] == "ISO 8601"
    ambiguous = files.loc[special["ambiguous"]]
    assert ambiguous["date_format"] == "%m/%d/%Y %H:%M"
    assert ambiguous["date_format_basis"] == "ambiguous: as the other files of the glob"
    assert (files["unreadable_lines"] == 0).all()
    assert files["passes_gate"].all()


def test_quoted_description_keeps_its_comma_quote_and_line_break(monthly_glob, original):
    database, _ = monthly_glob
    with duckdb.connect(str(database), read_only=True) as con:
        awkward = con.sql(
            "select count(*) from stg_online_retail__transactions where description = ?",
            params=[AWKWARD_DESCRIPTION],
        ).fetchall()[0][0]
    assert awkward == (original["Description"] == AWKWARD_DESCRIPTION).sum()


def test_ambiguous_dates_alone_are_reported_not_guessed_silently(tmp_path, original):
    early = original[original["InvoiceDate"].dt.day <= 12]
    path = write_csv(kaggle_layout(early), tmp_path / "first_days.csv", encoding="latin-1")
    result = run_dbt(["seed"], tmp_path / "w.duckdb", {"raw_transactions_path": str(path)})
    assert result.returncode == 0, result.output[-3000:]
    assert "every InvoiceDate has a day and a month of 12 or less" in result.output
    assert "set var raw_date_format (for example '%d/%m/%Y %H:%M')" in result.output
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        basis = con.sql("select date_format_basis from raw.raw_files").fetchall()
    assert basis == [("ambiguous: default month-first",)]


def test_retailer_column_names_through_the_var(tmp_path, original):
    """A retailer's own export, without descriptions: built through raw_column_names, it gives
    what the same lines give as a Parquet file with the UCI names (lines that differ only in
    their description are exact copies in both)."""
    names = {
        "Invoice": "order_id",
        "StockCode": "sku",
        "Quantity": "qty",
        "InvoiceDate": "ordered_at",
        "Price": "unit_price",
        "Customer ID": "customer_id",
        "Country": "country",
    }
    export = original.drop(columns="Description").rename(columns=names)
    path = write_csv(export, tmp_path / "orders.csv")
    refused = run_dbt(["seed"], tmp_path / "w.duckdb", {"raw_transactions_path": str(path)})
    assert refused.returncode != 0
    assert "missing column(s) Invoice, StockCode, Quantity, InvoiceDate." in refused.output
    assert (
        "Found: order_id, sku, qty, ordered_at, unit_price, customer_id, country" in refused.output
    )
    assert "var raw_column_names" in refused.output
    database = build_raw(tmp_path, path, raw_column_names=names)
    same_lines = tmp_path / "uci"
    same_lines.mkdir()
    original.drop(columns="Description").to_parquet(same_lines / "lines.parquet", index=False)
    expected = customers_mart(build_raw(same_lines, same_lines / "lines.parquet"))
    pd.testing.assert_frame_equal(customers_mart(database), expected)


# ---------------------------------------------------------------------------------------------
# Customer ids
# ---------------------------------------------------------------------------------------------

HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"


def _lines_file(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def id_forms_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ids")
    lines = [
        # one customer written four ways
        "500001,85048,LIGHT,1,2011-01-03 10:00:00,10.00,17850,United Kingdom",
        "500002,85048,LIGHT,1,2011-01-04 10:00:00,10.00,17850.0,United Kingdom",
        "500003,85048,LIGHT,1,2011-01-05 10:00:00,10.00, 17850 ,United Kingdom",
        "500004,85048,LIGHT,1,2011-01-06 10:00:00,10.00,017850,United Kingdom",
        # a letter prefix on one line of an invoice: that line malformed, the invoice quarantined
        "500005,85048,LIGHT,1,2011-01-07 10:00:00,10.00,17850,United Kingdom",
        "500005,22633,WARMER,1,2011-01-07 10:00:00,10.00,C17850,United Kingdom",
        # a letter after the digits, alone on its invoice: malformed too
        "500007,85048,LIGHT,1,2011-01-09 10:00:00,10.00,17850A,United Kingdom",
        # two customers on one invoice: quarantined whole
        "500006,85048,LIGHT,1,2011-01-08 10:00:00,10.00,12346,United Kingdom",
        "500006,22633,WARMER,1,2011-01-08 10:00:00,10.00,12347,United Kingdom",
    ]
    # enough ordinary lines that two malformed ids stay under the 1% unreadable limit
    lines += [
        f"6{i:05d},85048,LIGHT,1,2011-02-{1 + i % 28:02d} 10:00:00,1.00,{13000 + i % 50},France"
        for i in range(300)
    ]
    database = build_raw(folder, _lines_file(folder / "ids.csv", lines))
    return database


def test_customer_id_forms_are_one_customer(id_forms_warehouse):
    customers = customers_mart(id_forms_warehouse).set_index("customer_id")
    assert "17850" in customers.index
    assert customers.loc["17850", "order_count"] == 4
    assert float(customers.loc["17850", "net_revenue"]) == 40.0
    assert not customers.index.str.startswith("C").any()


def test_malformed_and_conflicting_ids_are_quarantined_with_their_reasons(id_forms_warehouse):
    with duckdb.connect(str(id_forms_warehouse), read_only=True) as con:
        rows = con.sql(
            "select invoice_id, raw_customer_id, quarantine_reason"
            " from int_transactions_quarantined"
            " where invoice_id in ('500005', '500006', '500007') order by 1, 2"
        ).fetchall()
        files = con.sql(
            "select unreadable_lines, main_unreadable_reason, unreadable_example"
            " from file_load_quality"
        ).fetchall()
    assert rows == [
        ("500005", "17850", "several_customers_on_invoice"),
        ("500005", "C17850", "malformed_customer_id"),
        ("500006", "12346", "several_customers_on_invoice"),
        ("500006", "12347", "several_customers_on_invoice"),
        ("500007", "17850A", "malformed_customer_id"),
    ]
    assert files == [(2, "malformed_customer_id", "Customer ID: '17850A'")]


# ---------------------------------------------------------------------------------------------
# dbt run, then dbt test, on a new warehouse
# ---------------------------------------------------------------------------------------------


def test_dbt_run_then_test_on_a_new_warehouse(tmp_path, fixture_raw_file):
    database = tmp_path / "new.duckdb"
    settings = {"raw_transactions_path": str(fixture_raw_file)}
    ran = run_dbt(["run"], database, settings)
    assert ran.returncode == 0, ran.output[-5000:]
    assert "seed non_product_stock_codes was missing from the warehouse" in ran.output
    tested = run_dbt(["test"], database, settings)
    assert tested.returncode == 0, tested.output[-5000:]


def test_files_after_the_observation_end_pass_the_gate(tmp_path, original):
    """Lines after var observation_end_date are left out on purpose: a file holding only such
    lines has no sale, yet the gate lets it through."""
    exports = tmp_path / "exports"
    exports.mkdir()
    cut = pd.Timestamp("2011-06-30")
    early = original["InvoiceDate"] < cut
    write_csv(kaggle_layout(original[early]), exports / "a.csv")
    write_csv(kaggle_layout(original[~early]), exports / "b.csv")
    database = build_raw(tmp_path, exports / "*.csv", observation_end_date="2011-06-29")
    files = file_quality(database)
    later = files.loc[str(exports / "b.csv")]
    assert later["sale_lines"] == 0
    assert pd.isna(later["quarantined_share"])
    assert later["after_observation_end_lines"] > 0
    assert files["passes_gate"].all()


def test_thousands_am_pm_and_a_returns_only_file(tmp_path):
    """Grouped thousands in either convention, 12-hour times without a space, and a file of
    cancellations alone, which has no sale and fails the gate (with no quarantined line at all)."""
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.csv").write_text(
        HEADER + "\n"
        '500001,85048,LIGHT,2,12/13/2010 8:26PM,"1,234.50",17850,United Kingdom\n'
        "500002,85048,LIGHT,1,12/14/2010 9:05AM,2.55,17850,United Kingdom\n"
    )
    (exports / "b.csv").write_text(
        HEADER.replace(",", ";") + "\n"
        "500003;85048;LIGHT;1.000;14.12.2010 10:00;1.234,50;17851;Germany\n"
        "500004;85048;LIGHT;3;15.12.2010 11:00;2,55;17851;Germany\n"
    )
    (exports / "c.csv").write_text(
        HEADER + "\n"
        "C500005,85048,LIGHT,-1,2010-12-16 10:00:00,2.55,17850,United Kingdom\n"
        "C500006,85048,LIGHT,-1,2010-12-16 11:00:00,2.55,17850,United Kingdom\n"
    )
    result = build_raw(tmp_path, exports / "*.csv", expect_ok=False)
    assert result.returncode != 0
    output = " ".join(result.output.split())
    assert (
        f"raw file '{exports / 'c.csv'}': none of its 2 lines up to the observation end is a"
        " sale: 0 quarantined (main reason none), 2 cancellations."
    ) in output
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        staged = con.sql(
            "select invoice_id, quantity, unit_price, strftime(invoiced_at, '%Y-%m-%d %H:%M')"
            " from stg_online_retail__transactions where invoice_id not like 'C%' order by 1"
        ).fetchall()
    assert [(i, q, float(p), t) for i, q, p, t in staged] == [
        ("500001", 2, 1234.5, "2010-12-13 20:26"),
        ("500002", 1, 2.55, "2010-12-14 09:05"),
        ("500003", 1000, 1234.5, "2010-12-14 10:00"),
        ("500004", 3, 2.55, "2010-12-15 11:00"),
    ]


def test_utf8_file_without_a_mark_and_with_accented_column_names(tmp_path):
    """The header's UTF-8 byte pairs tell the encoding before the columns are matched, so an
    accented column name maps through raw_column_names and accented text reads as written."""
    path = tmp_path / "bestellungen.csv"
    path.write_bytes(
        (
            "Rechnung,Artikel,Beschreibung,Menge,Datum,Stückpreis,Kunde,Land\n"
            "500001,85048,CAFÉ LICHT,2,2010-12-13 08:26:00,2.55,17850,Österreich\n"
        ).encode()
    )
    names = {
        "Invoice": "Rechnung",
        "StockCode": "Artikel",
        "Description": "Beschreibung",
        "Quantity": "Menge",
        "InvoiceDate": "Datum",
        "Price": "Stückpreis",
        "Customer ID": "Kunde",
        "Country": "Land",
    }
    result = run_dbt(
        ["seed"],
        tmp_path / "w.duckdb",
        {"raw_transactions_path": str(path), "raw_column_names": names},
    )
    assert result.returncode == 0, result.output[-3000:]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rows = con.sql(
            'select "Description", parsed_price, "Country" from raw.online_retail_transactions'
        ).fetchall()
        files = con.sql("select encoding, column_names from raw.raw_files").fetchall()
    assert [(d, float(p), c) for d, p, c in rows] == [("CAFÉ LICHT", 2.55, "Österreich")]
    assert files[0][0] == "utf-8"
    assert "Price=Stückpreis" in files[0][1]
