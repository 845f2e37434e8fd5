"""Hardening (issue #9): hostile and careless input, re-runs and interruptions. Every case ends
in a build that reads the data right, a quarantined row with its reason, or one message that
names the file, column or setting at fault and what to do.

Here: monthly files through a glob, text in a Parquet number column, day-first dates.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dbt_project_runner import assert_ok
from hand_written_raw import (
    BUILD_TO_QUARANTINE,
    BUILD_TO_STAGING,
    HEADER,
    UK,
    build,
    fetch_rows,
    write_csv,
)


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
        write_csv(folder / f"{month}.csv", HEADER, lines)
    # a file the glob must not pick up
    write_csv(folder / "2009-12.csv", HEADER, [f"499999,85048,LIGHT,1,2009-12-01,2.00,1,{UK}"])
    pattern = folder / "2010-*.csv"
    result, database = build(
        BUILD_TO_STAGING,
        tmp_path,
        pattern,
        holdout_days=30,
    )
    assert_ok(result)
    total = sum(month_lines.values())
    assert f"raw file {pattern}: {total} lines in 3 files" in result.output
    by_month = dict(
        fetch_rows(
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
    result, database = build(BUILD_TO_QUARANTINE, tmp_path, path, holdout_days=30)
    assert_ok(result)
    staged = dict(
        fetch_rows(database, "select invoice_id, quantity from stg_online_retail__transactions")
    )
    assert staged == {"536365": 6, "536366": 12, "536367": None, "536368": None, "C536369": -2}
    quarantined = fetch_rows(
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
    return fetch_rows(
        database,
        "select invoice_id, strftime(invoiced_at, '%Y-%m-%d %H:%M')"
        " from stg_online_retail__transactions order by 1",
    )


@pytest.fixture(scope="module")
def day_first_file(tmp_path_factory):
    return write_csv(tmp_path_factory.mktemp("day_first") / "uk.csv", HEADER, DAY_FIRST_LINES)


def test_day_first_dates_with_raw_date_format(tmp_path, day_first_file):
    result, database = build(
        BUILD_TO_STAGING,
        tmp_path,
        day_first_file,
        raw_date_format="%d/%m/%Y %H:%M",
        holdout_days=30,
    )
    assert_ok(result)
    assert "cannot be read" not in result.output
    assert _invoice_times(database) == DAY_FIRST_READ_RIGHT


def test_day_first_dates_without_raw_date_format(tmp_path, day_first_file):
    """13/02 and 25/03 show the file writes the day first, so 01/02 and 05/04 are read as
    1 February and 5 April too, with no setting."""
    result, database = build(BUILD_TO_STAGING, tmp_path, day_first_file, holdout_days=30)
    assert_ok(result)
    assert _invoice_times(database) == DAY_FIRST_READ_RIGHT
    assert fetch_rows(database, "select date_format, date_format_basis from raw.raw_files") == [
        ("%d/%m/%Y %H:%M", "detected")
    ]


def test_raw_date_format_that_contradicts_the_file_warns(tmp_path, day_first_file):
    """A month-first var on a day-first file: 13/02 and 25/03 cannot be read and are quarantined,
    01/02 and 05/04 are read as 2 January and 4 May; the warning names the file and the fix."""
    result, database = build(
        BUILD_TO_QUARANTINE,
        tmp_path,
        day_first_file,
        raw_date_format="%m/%d/%Y %H:%M",
        holdout_days=30,
    )
    assert_ok(result)
    output = " ".join(result.output.split())
    warning = f"raw file {day_first_file}: var raw_date_format = '%m/%d/%Y %H:%M' reads month"
    assert warning in output
    assert "Leave raw_date_format unset (auto) or fix it" in output
    quarantined = fetch_rows(
        database,
        "select invoice_id, quarantine_reason, has_bad_invoice_date"
        " from int_transactions_quarantined order by 1",
    )
    assert quarantined == [
        ("540002", "unparseable_value", True),
        ("540003", "unparseable_value", True),
    ]
    misread = fetch_rows(
        database,
        "select invoice_id, cast(invoice_date as varchar) from stg_online_retail__transactions"
        " where invoice_date is not null order by 1",
    )
    assert misread == [("540001", "2011-01-02"), ("540004", "2011-05-04")]
