"""Hardening (issue #9): hostile and careless input, re-runs and interruptions. Every case ends
in a build that reads the data right, a quarantined row with its reason, or one message that
names the file, column or setting at fault and what to do.

Here: one hand-made file, columns in another order plus two extra columns, with negative and
zero prices, a huge quantity and its cancellation, a customer with only cancellations, a
cancellation larger than every earlier purchase; and exports of it that overlap through a glob.
Cases covered by test_raw_file_checks.py (missing file, unsupported extension, missing column,
header-only file, boolean Quantity, unreadable dates, Latin-1 CSV with the old UCI names and a
space and a quote in the path, a text Quantity, observation end before the first invoice,
holdout longer than the data, bad observation_end_date) are not repeated.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from dbt_project_runner import assert_ok
from hand_written_raw import (
    BUILD_TO_CUSTOMERS,
    UK,
    build,
    fetch_rows,
    fetch_scalar,
    write_csv,
)

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
    path = write_csv(folder / "values.csv", VALUES_HEADER, VALUES_LINES)
    result, database = build(BUILD_TO_CUSTOMERS, folder, path)
    assert_ok(result)
    return database


def _net_revenue_by_customer(database):
    return dict(fetch_rows(database, "select customer_id, net_revenue from customers"))


def _quarantine_counts(database):
    return dict(
        fetch_rows(
            database,
            "select quarantine_reason, count(*) from int_transactions_quarantined group by 1",
        )
    )


def test_extra_columns_and_another_column_order_are_read_by_name(values_warehouse):
    rows = fetch_rows(
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
    assert fetch_scalar(
        values_warehouse, "select count(*) from stg_online_retail__transactions"
    ) == len(VALUES_LINES)


def test_negative_and_zero_prices_are_quarantined_with_their_reason(values_warehouse):
    rows = fetch_rows(
        values_warehouse,
        "select invoice_id, quarantine_reason from int_transactions_quarantined order by 1",
    )
    assert rows == [("489003", "negative_price"), ("489004", "zero_price")]


def test_huge_quantity_and_its_cancellation_net_to_zero(values_warehouse):
    netted = fetch_rows(
        values_warehouse,
        "select net_quantity, net_revenue, is_fully_cancelled from int_sales_lines_netted"
        " where invoice_id = '581483'",
    )
    assert netted == [(0, Decimal("0"), True)]
    matched = fetch_rows(
        values_warehouse,
        "select cancelled_quantity, is_matched, purchase_invoice_id from int_cancellations_matched"
        " where cancellation_invoice_id = 'C581484'",
    )
    assert matched == [(80995, True, "581483")]
    assert _net_revenue_by_customer(values_warehouse)["16446"] == EXPECTED_NET_REVENUE["16446"]


def test_customer_with_only_cancellations_is_kept_as_unmatched(values_warehouse):
    rows = fetch_rows(
        values_warehouse,
        "select cancellation_invoice_id, cancelled_quantity, is_matched, purchase_line_id"
        " from int_cancellations_matched where customer_id = '30001' order by 1",
    )
    assert rows == [("C489100", 4, False, None), ("C489101", 2, False, None)]
    assert "30001" not in _net_revenue_by_customer(values_warehouse)


def test_cancellation_larger_than_every_earlier_purchase(values_warehouse):
    rows = fetch_rows(
        values_warehouse,
        "select purchase_invoice_id, cancelled_quantity, is_matched from int_cancellations_matched"
        " where cancellation_invoice_id = 'C489202' order by purchase_invoice_id nulls last",
    )
    # the most recent purchase is cancelled first; what no purchase covers stays unmatched, and
    # the purchase made after the cancellation is untouched
    assert rows == [("489200", 3, True), ("489201", 2, True), (None, 5, False)]
    netted = dict(
        fetch_rows(
            values_warehouse,
            "select invoice_id, net_quantity from int_sales_lines_netted"
            " where customer_id = '40001'",
        )
    )
    assert netted == {"489200": 0, "489201": 0, "489203": 4}


def test_customers_and_fates_of_the_values_file(values_warehouse):
    assert _net_revenue_by_customer(values_warehouse) == EXPECTED_NET_REVENUE
    fates = dict(
        fetch_rows(values_warehouse, "select fate_detail, lines from data_quality_summary")
    )
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
    write_csv(folder / "copy_a.csv", VALUES_HEADER, VALUES_LINES)
    write_csv(folder / "copy_b.csv", VALUES_HEADER, [*VALUES_LINES, EXTRA_LINE])
    # copy_b is 14 repeats and 1 new line: above the gate's default quarantined shares
    limits = {"gate_max_quarantined_share_per_file": 1.0, "gate_max_quarantined_share": 1.0}
    result, database = build(BUILD_TO_CUSTOMERS, tmp_path, folder / "copy_*.csv", **limits)
    assert_ok(result)
    assert f"{folder / 'copy_*.csv'}: {2 * len(VALUES_LINES) + 1} lines" in result.output
    counts = _quarantine_counts(database)
    assert counts == {"exact_duplicate": len(VALUES_LINES), "negative_price": 1, "zero_price": 1}
    duplicates = "select source_file from int_transactions_quarantined"
    duplicates += " where quarantine_reason = 'exact_duplicate' group by 1"
    assert fetch_rows(database, duplicates) == [(str(folder / "copy_b.csv"),)]
    expected = _net_revenue_by_customer(values_warehouse)
    expected["20001"] += Decimal("6.00")
    assert _net_revenue_by_customer(database) == expected


def test_same_file_twice_through_a_glob_fails_the_gate(tmp_path):
    """A file whose every line repeats another file's has no sale: the quarantine gate stops the
    build, naming the file and why."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("copy_a.csv", "copy_b.csv"):
        write_csv(folder / name, VALUES_HEADER, VALUES_LINES)
    result, _ = build(BUILD_TO_CUSTOMERS, tmp_path, folder / "copy_*.csv")
    assert result.returncode != 0
    output = " ".join(result.output.split())
    assert (
        f"raw file '{folder / 'copy_b.csv'}': none of its {len(VALUES_LINES)} lines up to the"
        f" observation end is a sale: {len(VALUES_LINES)} quarantined (main reason exact_duplicate)"
    ) in output
