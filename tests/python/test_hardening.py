"""Hardening (issue #9): hostile and careless input, re-runs and interruptions. Every case ends
in a build that reads the data right, a quarantined row with its reason, or one message that
names the file, column or setting at fault and what to do.

Cases already covered by test_raw_file_checks.py (missing file, unsupported extension, missing
column, header-only file, boolean Quantity, unreadable dates, Latin-1 CSV with the old UCI names
and a space and a quote in the path, a text Quantity, observation end before the first invoice,
holdout longer than the data, bad observation_end_date) are not repeated here.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from customer_value.clustering import search_k
from customer_value.clv import (
    BetaGeoModel,
    ConvergenceError,
    holdout_predictions,
    predict_customer_value,
    rfm_summary,
)
from customer_value.synthetic import simulate_customer_purchases
from dbt_project_runner import DBT, PROJECT_DIR, run_dbt

HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"
UK = "United Kingdom"

#: Builds every model the raw-line and customer checks below read, with the data tests whose
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


def _rows(database, sql):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql(sql).fetchall()


def _scalar(database, sql):
    return _rows(database, sql)[0][0]


def _build(args, folder, raw_path, **variables):
    """Run dbt on a fresh warehouse in ``folder``; return (result, warehouse path)."""
    database = folder / "warehouse.duckdb"
    result = run_dbt(args, database, {"raw_transactions_path": str(raw_path), **variables})
    return result, database


def _assert_ok(result):
    assert result.returncode == 0, result.output[-5000:]


def _write_csv(path, header, lines):
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


# --------------------------------------------------------------------------------------------
# Values: one hand-made file, columns in another order plus two extra columns.
# --------------------------------------------------------------------------------------------

#: Country,Customer ID,Invoice,InvoiceDate,StockCode,Notes,Description,Price,Quantity,Source
VALUES_HEADER = (
    "Country,Customer ID,Invoice,InvoiceDate,StockCode,Notes,Description,Price,Quantity,Source"
)
VALUES_LINES = [
    # 20001: two sales, a negative and a zero price
    f"{UK},20001,489001,2010-01-04 10:00:00,85048,,LIGHT,2.00,10,shop",
    f"{UK},20001,489002,2010-03-01 10:00:00,22633,,HAND WARMER,1.00,5,shop",
    f"{UK},20001,489003,2010-03-02 10:00:00,85123A,refund?,HEART HOLDER,-5.00,1,shop",
    f"{UK},20001,489004,2010-03-03 10:00:00,85123A,free,HEART HOLDER,0,3,shop",
    # 16446: two small lines, then the 80,995-unit line of the real data and its cancellation
    f"{UK},16446,553573,2010-05-18 10:00:00,22980,,PANTRY SCRUBBING BRUSH,1.65,1,shop",
    f"{UK},16446,553573,2010-05-18 10:00:00,22982,,PANTRY PASTRY BRUSH,1.25,1,shop",
    f'{UK},16446,581483,2010-12-09 09:15:00,23843,,"PAPER CRAFT , LITTLE BIRDIE",2.08,80995,web',
    f'{UK},16446,C581484,2010-12-09 09:27:00,23843,,"PAPER CRAFT , LITTLE BIRDIE",2.08,-80995,web',
    # 30001: only cancellations, of purchases from before the data
    f"{UK},30001,C489100,2010-06-01 10:00:00,22633,,HAND WARMER,1.00,-4,shop",
    f"{UK},30001,C489101,2010-07-01 10:00:00,85048,,LIGHT,2.00,-2,shop",
    # 40001: a cancellation of 10 units after purchases of 3 + 2, then a later purchase of 4
    f"{UK},40001,489200,2010-02-01 10:00:00,85048,,LIGHT,2.00,3,shop",
    f"{UK},40001,489201,2010-03-01 10:00:00,85048,,LIGHT,2.00,2,shop",
    f"{UK},40001,C489202,2010-04-01 10:00:00,85048,,LIGHT,2.00,-10,shop",
    f"{UK},40001,489203,2010-05-01 10:00:00,85048,,LIGHT,2.00,4,shop",
]
#: Net revenue per customer a correct build gives; 30001 has no sale at all.
EXPECTED_NET_REVENUE = {"20001": Decimal("25.00"), "16446": Decimal("2.90"), "40001": Decimal("8")}


@pytest.fixture(scope="module")
def values_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("values")
    path = _write_csv(folder / "values.csv", VALUES_HEADER, VALUES_LINES)
    result, database = _build(BUILD_TO_CUSTOMERS, folder, path)
    _assert_ok(result)
    return database


def _net_revenue_by_customer(database):
    return dict(_rows(database, "select customer_id, net_revenue from customers"))


def _quarantine_counts(database):
    return dict(
        _rows(
            database,
            "select quarantine_reason, count(*) from int_transactions_quarantined group by 1",
        )
    )


def test_extra_columns_and_another_column_order_are_read_by_name(values_warehouse):
    rows = _rows(
        values_warehouse,
        "select invoice_id, customer_id, stock_code, description, quantity, unit_price,"
        " invoiced_at, country from stg_online_retail__transactions"
        " where invoice_id = '581483'",
    )
    assert rows == [
        (
            "581483",
            "16446",
            "23843",
            "PAPER CRAFT , LITTLE BIRDIE",
            80995,
            Decimal("2.0800"),
            pd.Timestamp("2010-12-09 09:15:00").to_pydatetime(),
            UK,
        )
    ]
    assert _scalar(values_warehouse, "select count(*) from stg_online_retail__transactions") == (
        len(VALUES_LINES)
    )


def test_negative_and_zero_prices_are_quarantined_with_their_reason(values_warehouse):
    rows = _rows(
        values_warehouse,
        "select invoice_id, quarantine_reason from int_transactions_quarantined order by 1",
    )
    assert rows == [("489003", "negative_price"), ("489004", "zero_price")]


def test_huge_quantity_and_its_cancellation_net_to_zero(values_warehouse):
    netted = _rows(
        values_warehouse,
        "select net_quantity, net_revenue, is_fully_cancelled from int_sales_lines_netted"
        " where invoice_id = '581483'",
    )
    assert netted == [(0, Decimal("0"), True)]
    matched = _rows(
        values_warehouse,
        "select cancelled_quantity, is_matched, purchase_invoice_id from int_cancellations_matched"
        " where cancellation_invoice_id = 'C581484'",
    )
    assert matched == [(80995, True, "581483")]
    assert _net_revenue_by_customer(values_warehouse)["16446"] == EXPECTED_NET_REVENUE["16446"]


def test_customer_with_only_cancellations_is_kept_as_unmatched(values_warehouse):
    rows = _rows(
        values_warehouse,
        "select cancellation_invoice_id, cancelled_quantity, is_matched, purchase_line_id"
        " from int_cancellations_matched where customer_id = '30001' order by 1",
    )
    assert rows == [("C489100", 4, False, None), ("C489101", 2, False, None)]
    assert "30001" not in _net_revenue_by_customer(values_warehouse)


def test_cancellation_larger_than_every_earlier_purchase(values_warehouse):
    rows = _rows(
        values_warehouse,
        "select purchase_invoice_id, cancelled_quantity, is_matched from int_cancellations_matched"
        " where cancellation_invoice_id = 'C489202' order by purchase_invoice_id nulls last",
    )
    # the most recent purchase is cancelled first; what no purchase covers stays unmatched, and
    # the purchase made after the cancellation is untouched
    assert rows == [("489200", 3, True), ("489201", 2, True), (None, 5, False)]
    netted = dict(
        _rows(
            values_warehouse,
            "select invoice_id, net_quantity from int_sales_lines_netted"
            " where customer_id = '40001'",
        )
    )
    assert netted == {"489200": 0, "489201": 0, "489203": 4}


def test_customers_and_fates_of_the_values_file(values_warehouse):
    assert _net_revenue_by_customer(values_warehouse) == EXPECTED_NET_REVENUE
    fates = dict(_rows(values_warehouse, "select fate_detail, lines from data_quality_summary"))
    assert fates == {
        "kept": 8,
        "matched": 1,
        "partly_matched": 1,
        "unmatched": 2,
        "negative_price": 1,
        "zero_price": 1,
    }
    assert sum(fates.values()) == len(VALUES_LINES)


#: One more sale, of customer 20001, for a re-export that overlaps the first one.
EXTRA_LINE = f"{UK},20001,489900,2010-05-03 10:00:00,85048,,LIGHT,3.00,2,shop"


def test_overlapping_exports_through_a_glob_count_each_line_once(tmp_path, values_warehouse):
    """A re-export holding every line of the first plus one new one: the copies are quarantined
    as exact_duplicate and the revenue is the first file's plus the new line."""
    folder = tmp_path / "exports"
    folder.mkdir()
    _write_csv(folder / "copy_a.csv", VALUES_HEADER, VALUES_LINES)
    _write_csv(folder / "copy_b.csv", VALUES_HEADER, [*VALUES_LINES, EXTRA_LINE])
    # copy_b is 14 repeats and 1 new line: above the gate's default quarantined shares
    limits = {"gate_max_quarantined_share_per_file": 1.0, "gate_max_quarantined_share": 1.0}
    result, database = _build(BUILD_TO_CUSTOMERS, tmp_path, folder / "copy_*.csv", **limits)
    _assert_ok(result)
    assert f"{folder / 'copy_*.csv'}: {2 * len(VALUES_LINES) + 1} lines" in result.output
    counts = _quarantine_counts(database)
    assert counts == {"exact_duplicate": len(VALUES_LINES), "negative_price": 1, "zero_price": 1}
    duplicates = "select source_file from int_transactions_quarantined"
    duplicates += " where quarantine_reason = 'exact_duplicate' group by 1"
    assert _rows(database, duplicates) == [(str(folder / "copy_b.csv"),)]
    expected = _net_revenue_by_customer(values_warehouse)
    expected["20001"] += Decimal("6.00")
    assert _net_revenue_by_customer(database) == expected


def test_same_file_twice_through_a_glob_fails_the_gate(tmp_path):
    """A file whose every line repeats another file's has no sale: the quarantine gate stops the
    build, naming the file and why."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("copy_a.csv", "copy_b.csv"):
        _write_csv(folder / name, VALUES_HEADER, VALUES_LINES)
    result, _ = _build(BUILD_TO_CUSTOMERS, tmp_path, folder / "copy_*.csv")
    assert result.returncode != 0
    output = " ".join(result.output.split())
    assert (
        f"raw file '{folder / 'copy_b.csv'}': none of its {len(VALUES_LINES)} lines up to the"
        f" observation end is a sale: {len(VALUES_LINES)} quarantined (main reason exact_duplicate)"
    ) in output


# --------------------------------------------------------------------------------------------
# Raw files: monthly files through a glob, text in a Parquet number column, day-first dates.
# --------------------------------------------------------------------------------------------


def test_directory_of_monthly_csv_files_as_a_glob(tmp_path):
    folder = tmp_path / "monthly exports"
    folder.mkdir()
    month_lines = {
        "2010-01": 3,
        "2010-02": 4,
        "2010-03": 5,
    }
    for month, count in month_lines.items():
        lines = [
            f"5{month[-2:]}{i:03d},85048,LIGHT,{i + 1},{month}-{i + 10} 10:00:00,2.00,1{i:04d},{UK}"
            for i in range(count)
        ]
        _write_csv(folder / f"{month}.csv", HEADER, lines)
    # a file the glob must not pick up
    _write_csv(folder / "2009-12.csv", HEADER, [f"499999,85048,LIGHT,1,2009-12-01,2.00,1,{UK}"])
    pattern = folder / "2010-*.csv"
    result, database = _build(
        BUILD_TO_STAGING,
        tmp_path,
        pattern,
        holdout_days=30,
    )
    _assert_ok(result)
    total = sum(month_lines.values())
    assert f"raw file {pattern}: {total} lines in 3 files" in result.output
    by_month = dict(
        _rows(
            database,
            "select strftime(invoice_date, '%Y-%m'), count(*)"
            " from stg_online_retail__transactions group by 1",
        )
    )
    assert by_month == month_lines


def test_parquet_quantity_stored_as_text(tmp_path):
    path = tmp_path / "text_quantity.parquet"
    quantities = ["6", "12", "six", "1 dozen", "-2"]
    invoices = ["536365", "536366", "536367", "536368", "C536369"]
    table = pa.table(
        {
            "Invoice": invoices,
            "StockCode": ["85123A"] * 5,
            "Description": ["HEART HOLDER"] * 5,
            "Quantity": pa.array(quantities, pa.string()),
            "InvoiceDate": pa.array(
                pd.to_datetime(
                    ["2010-01-01", "2010-03-01", "2010-04-01", "2010-05-01", "2010-06-01"]
                ),
                pa.timestamp("us"),
            ),
            "Price": [2.55] * 5,
            "Customer ID": [17850.0] * 5,
            "Country": [UK] * 5,
        }
    )
    pq.write_table(table, path)
    result, database = _build(BUILD_TO_QUARANTINE, tmp_path, path, holdout_days=30)
    _assert_ok(result)
    staged = dict(
        _rows(database, "select invoice_id, quantity from stg_online_retail__transactions")
    )
    assert staged == {"536365": 6, "536366": 12, "536367": None, "536368": None, "C536369": -2}
    quarantined = _rows(
        database,
        "select invoice_id, quarantine_reason, has_bad_quantity"
        " from int_transactions_quarantined order by 1",
    )
    assert quarantined == [
        ("536367", "unparseable_value", True),
        ("536368", "unparseable_value", True),
    ]


#: Day-first dates as many UK exports write them: 01/02 and 05/04 are ambiguous, 13/02 and
#: 25/03 are not.
DAY_FIRST_LINES = [
    f"540001,85048,LIGHT,1,01/02/2011 10:00,2.00,12346,{UK}",
    f"540002,85048,LIGHT,2,13/02/2011 11:30,2.00,12346,{UK}",
    f"540003,85048,LIGHT,3,25/03/2011 09:05,2.00,12346,{UK}",
    f"540004,85048,LIGHT,4,05/04/2011 16:45,2.00,12346,{UK}",
]


#: DAY_FIRST_LINES' invoices and times, read day first.
DAY_FIRST_READ_RIGHT = [
    ("540001", "2011-02-01 10:00"),
    ("540002", "2011-02-13 11:30"),
    ("540003", "2011-03-25 09:05"),
    ("540004", "2011-04-05 16:45"),
]


def _invoice_times(database):
    return _rows(
        database,
        "select invoice_id, strftime(invoiced_at, '%Y-%m-%d %H:%M')"
        " from stg_online_retail__transactions order by 1",
    )


@pytest.fixture(scope="module")
def day_first_file(tmp_path_factory):
    return _write_csv(tmp_path_factory.mktemp("day_first") / "uk.csv", HEADER, DAY_FIRST_LINES)


def test_day_first_dates_with_raw_date_format(tmp_path, day_first_file):
    result, database = _build(
        BUILD_TO_STAGING,
        tmp_path,
        day_first_file,
        raw_date_format="%d/%m/%Y %H:%M",
        holdout_days=30,
    )
    _assert_ok(result)
    assert "cannot be read" not in result.output
    assert _invoice_times(database) == DAY_FIRST_READ_RIGHT


def test_day_first_dates_without_raw_date_format(tmp_path, day_first_file):
    """13/02 and 25/03 show the file writes the day first, so 01/02 and 05/04 are read as
    1 February and 5 April too, with no setting."""
    result, database = _build(BUILD_TO_STAGING, tmp_path, day_first_file, holdout_days=30)
    _assert_ok(result)
    assert _invoice_times(database) == DAY_FIRST_READ_RIGHT
    assert _rows(database, "select date_format, date_format_basis from raw.raw_files") == [
        ("%d/%m/%Y %H:%M", "detected")
    ]


def test_raw_date_format_that_contradicts_the_file_warns(tmp_path, day_first_file):
    """A month-first var on a day-first file: 13/02 and 25/03 cannot be read and are quarantined,
    01/02 and 05/04 are read as 2 January and 4 May; the warning names the file and the fix."""
    result, database = _build(
        BUILD_TO_QUARANTINE,
        tmp_path,
        day_first_file,
        raw_date_format="%m/%d/%Y %H:%M",
        holdout_days=30,
    )
    _assert_ok(result)
    output = " ".join(result.output.split())
    warning = f"raw file {day_first_file}: var raw_date_format = '%m/%d/%Y %H:%M' reads month"
    assert warning in output
    assert "Leave raw_date_format unset (auto) or fix it" in output
    quarantined = _rows(
        database,
        "select invoice_id, quarantine_reason, has_bad_invoice_date"
        " from int_transactions_quarantined order by 1",
    )
    assert quarantined == [
        ("540002", "unparseable_value", True),
        ("540003", "unparseable_value", True),
    ]
    misread = _rows(
        database,
        "select invoice_id, cast(invoice_date as varchar) from stg_online_retail__transactions"
        " where invoice_date is not null order by 1",
    )
    assert misread == [("540001", "2011-01-02"), ("540004", "2011-05-04")]


# --------------------------------------------------------------------------------------------
# Models: too little or too uniform data ends in a message that says what to do.
# --------------------------------------------------------------------------------------------


def test_one_customer_through_dbt_names_what_to_do(tmp_path):
    """What the user sees when a Python model raises: the model, then the package's message."""
    path = _write_csv(
        tmp_path / "one_customer.csv",
        HEADER,
        [
            f"489434,85048,LIGHT,12,2010-01-04 07:45:00,6.95,13085,{UK}",
            f"489500,85048,LIGHT,5,2010-05-04 07:45:00,6.95,13085,{UK}",
            f"489600,22633,HAND WARMER,5,2010-11-04 07:45:00,1.85,13085,{UK}",
        ],
    )
    result, _ = _build(
        [
            "build",
            "--select",
            "+cluster_k_candidates",
            "+customer_clv_predictions",
            "+clv_holdout_predictions",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        tmp_path,
        path,
        holdout_days=30,
    )
    assert result.returncode != 0
    output = result.output
    assert "Failure in model cluster_k_candidates" in output
    assert (
        "ValueError: rfm has a single customer: clustering needs at least 2 customers"
        " (K-Means at least k_min distinct ones); use more data"
    ) in output
    # each window's models are fitted once, in the fits models the predictions read
    assert "Failure in model clv_observation_fits" in output
    assert (
        "ValueError: CLV models need at least 2 customers with a sale on or before the"
        " observation end; got 1: use more data"
    ) in output
    assert "Failure in model clv_calibration_fits" in output
    assert (
        "got 1: the data has 1 customer in all, so lowering holdout_days cannot help: use more data"
    ) in output


def _rfm(n, recency, frequency, monetary):
    return pd.DataFrame(
        {
            "customer_id": [f"{i:05d}" for i in range(n)],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
        }
    )


def _customer_days(customers):
    """Customer-day rows: ``customers`` is {customer_id: [(date, net revenue), ...]}."""
    return pd.DataFrame(
        [(cid, pd.Timestamp(day), value) for cid, days in customers.items() for day, value in days],
        columns=["customer_id", "order_date", "net_revenue"],
    )


OBSERVATION_END = "2011-12-09"


def test_one_customer_clustering_message():
    with pytest.raises(ValueError, match=r"single customer.*use more data"):
        search_k(_rfm(1, 10, 2, 50.0), k_min=3, k_max=8)


def test_fewer_distinct_customers_than_k_min_names_the_config():
    rfm = _rfm(6, [1, 1, 5, 5, 9, 9], [1, 1, 2, 2, 3, 3], [10.0, 10.0, 20.0, 20.0, 30.0, 30.0])
    with pytest.raises(
        ValueError,
        match=r"K-Means needs at least k_min=4 distinct customers .*; got 3 among 6 customers: "
        r"lower k_min \(dbt config cluster_k_min\) or use more data",
    ):
        search_k(rfm, k_min=4, k_max=8)
    with pytest.raises(ValueError, match=r"lower k_max \(dbt config cluster_k_max\)"):
        search_k(rfm, k_min=2, k_max=8)


def test_all_customers_identical():
    with pytest.raises(ValueError, match=r"all 40 customers have the same recency, frequency"):
        search_k(_rfm(40, 12, 3, 99.0), k_min=3, k_max=8)
    days = _customer_days(
        {f"{i:03d}": [("2010-03-01", 20.0), ("2010-06-01", 20.0)] for i in range(40)}
    )
    with pytest.raises(ValueError, match=r"all 40 customers have the same frequency, recency"):
        predict_customer_value(days, OBSERVATION_END)


def test_every_customer_a_one_time_buyer():
    days = _customer_days(
        {
            f"{i:03d}": [(pd.Timestamp("2010-01-01") + pd.Timedelta(weeks=i), 10.0 + i)]
            for i in range(40)
        }
    )
    with pytest.raises(
        ValueError, match=r"no customer has a repeat purchase.*use a longer period of data"
    ):
        predict_customer_value(days, OBSERVATION_END)
    # clustering still works: frequency is constant and simply carries no weight
    rfm = _rfm(40, np.arange(40) * 7, 1, 10.0 + np.arange(40))
    assert search_k(rfm, k_min=3, k_max=8)["is_chosen"].sum() == 1
    # the holdout validation keeps its documented fallback: NaN predictions and a warning
    with pytest.warns(RuntimeWarning, match="bgnbd_gamma_gamma not fitted"):
        table = holdout_predictions(days, OBSERVATION_END, holdout_days=180)
    assert table.loc[table["model"] == "bgnbd_gamma_gamma", "predicted_purchases"].isna().all()


def test_horizon_longer_than_the_data_is_a_documented_fallback():
    """Simulated customer days over two years; a 36-month horizon leaves the ML columns null with a
    warning, the BG/NBD + Gamma-Gamma columns are computed."""
    with pytest.warns(RuntimeWarning, match=r"ML columns left NaN.*longer than the 36-month"):
        table = predict_customer_value(
            simulate_customer_purchases(500, seed=7), OBSERVATION_END, horizon_months=36
        )
    assert table["ml_predicted_spend"].isna().all()
    assert np.isfinite(table["predicted_clv"]).all()


def test_non_convergence_says_what_helps():
    summary = rfm_summary(
        _customer_days(
            {
                "a": [("2011-01-01", 10.0), ("2011-03-01", 10.0)],
                "b": [("2011-02-01", 10.0)],
                "c": [("2011-01-15", 5.0), ("2011-02-15", 5.0), ("2011-06-01", 5.0)],
            }
        ),
        OBSERVATION_END,
    )
    with pytest.raises(ConvergenceError, match=r"var clv_penalizer, e.g. 0.01\) or more data"):
        BetaGeoModel(maxiter=1).fit(summary)


# --------------------------------------------------------------------------------------------
# Runs: a second build changes nothing; a killed build leaves a warehouse the next one fixes.
# --------------------------------------------------------------------------------------------


def _normalise(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _snapshot(database):
    """Every table and view of the warehouse, rows sorted."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = [
            row[0]
            for row in con.sql(
                "select table_name from information_schema.tables"
                " where table_schema = 'main' order by 1"
            ).fetchall()
        ]
        return {
            name: sorted(
                (
                    tuple(_normalise(v) for v in row)
                    for row in con.sql(f'select * from "{name}"').fetchall()
                ),
                key=repr,
            )
            for name in names
        }


def _assert_same_tables(before, after):
    assert sorted(after) == sorted(before)
    different = [name for name in before if before[name] != after[name]]
    assert not different, f"tables that changed: {different}"


@pytest.fixture(scope="module")
def rebuilt_warehouse(tmp_path_factory, built_warehouse, fixture_raw_file):
    """A copy of the session's built warehouse, built once more on the same raw file."""
    folder = tmp_path_factory.mktemp("rebuilt")
    database = folder / "customer_value.duckdb"
    shutil.copy(built_warehouse, database)
    result = run_dbt(["build"], database, {"raw_transactions_path": str(fixture_raw_file)})
    _assert_ok(result)
    return database


def test_second_build_gives_identical_tables(built_warehouse, rebuilt_warehouse):
    before = _snapshot(built_warehouse)
    assert {"customers", "customer_lifetime_value", "data_quality_summary"} <= set(before)
    _assert_same_tables(before, _snapshot(rebuilt_warehouse))


def test_killed_build_leaves_a_usable_warehouse(
    built_warehouse, rebuilt_warehouse, fixture_raw_file
):
    database = rebuilt_warehouse
    environment = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(database.parent / "target"),
        "DBT_LOG_PATH": str(database.parent / "logs"),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(DBT),
        "build",
        "--vars",
        json.dumps({"raw_transactions_path": str(fixture_raw_file)}),
    ]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = []
    try:
        for line in process.stdout:
            seen.append(line)
            if "START python table model" in line:
                break
        assert process.poll() is None, "".join(seen[-50:])
        time.sleep(1.0)  # the model is being written
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode != 0, "the build finished before it could be killed"

    # the warehouse opens and the last complete build's marts answer queries
    assert _scalar(database, "select count(*) from customers") > 0

    result = run_dbt(["build"], database, {"raw_transactions_path": str(fixture_raw_file)})
    _assert_ok(result)
    _assert_same_tables(_snapshot(built_warehouse), _snapshot(database))


def test_warehouse_held_open_by_another_program(tmp_path, values_warehouse):
    """A BI tool with the warehouse open, even read-only, stops dbt from taking its write lock:
    DuckDB's message names the file and the program holding it (README, Troubleshooting)."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(values_warehouse, database)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
            " print('open', flush=True); sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        raw_path = values_warehouse.parent / "values.csv"
        result = run_dbt(["seed"], database, {"raw_transactions_path": str(raw_path)})
    finally:
        holder.communicate(input="", timeout=30)
    assert result.returncode != 0
    assert f'Could not set lock on file "{database}"' in result.output
    assert "Conflicting lock is held" in result.output
