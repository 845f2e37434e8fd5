"""Incremental loads of CSV exports (issue #14): monthly files read once each, and a file whose
day-first dates only a later file settles."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from incremental_builds import (
    assert_same_as_one_build,
    build,
    generated_lines,
)


@pytest.fixture(scope="module")
def lines(tmp_path_factory) -> pd.DataFrame:
    return generated_lines(tmp_path_factory.mktemp("lines"))


def _csv_text(frame: pd.DataFrame, day_first: bool) -> str:
    """The lines as a spreadsheet export: dates day-first or month-first with slashes."""
    out = frame.copy()
    layout = "%d/%m/%Y %H:%M" if day_first else "%m/%d/%Y %H:%M"
    out["InvoiceDate"] = out["InvoiceDate"].dt.strftime(layout)
    return out.to_csv(index=False)


def test_csv_files_whose_dates_follow_later_files(tmp_path, lines):
    """Daily or monthly CSV files with slashed dates: a file whose days are all 12 or less cannot
    say whether the day comes first, and follows the other files. Loaded alone it is read
    month-first (the default); once a file with a day above 12 arrives it is read day-first,
    which the load sees and rebuilds from scratch. Also: copies of a line without an invoice
    number in two files keep distinct copy numbers."""
    early = lines[
        (lines["InvoiceDate"] >= "2011-08-01") & (lines["InvoiceDate"] < "2011-08-13")
    ].copy()
    rest = lines[
        (lines["InvoiceDate"] >= "2011-08-13") & (lines["InvoiceDate"] < "2011-11-01")
    ].copy()
    assert (early["InvoiceDate"].dt.day <= 12).all() and (rest["InvoiceDate"].dt.day > 12).any()
    no_invoice = early.head(1).assign(Invoice=None)
    early = pd.concat([early, no_invoice], ignore_index=True)
    rest = pd.concat([rest, no_invoice], ignore_index=True)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "2011-08a.csv").write_text(_csv_text(early, day_first=True))
    database = tmp_path / "warehouse.duckdb"
    build(database, folder / "*.csv")
    (folder / "2011-08b.csv").write_text(_csv_text(rest, day_first=True))
    result = build(database, folder / "*.csv")
    assert (
        f"from scratch (file {folder / '2011-08a.csv'} would now be read otherwise" in result.output
    )
    assert_same_as_one_build(database, folder / "*.csv")
    with duckdb.connect(str(database), read_only=True) as con:
        copies = con.sql(
            "select source_file, copy_number from stg_online_retail__transactions"
            " where invoice_id is null order by source_file"
        ).fetchall()
        first_date = con.sql(
            "select min(invoiced_at) from stg_online_retail__transactions"
        ).fetchall()[0][0]
    assert [(Path(file).name, number) for file, number in copies] == [
        ("2011-08a.csv", 1),
        ("2011-08b.csv", 2),
    ]
    assert str(first_date)[:10] == str(early["InvoiceDate"].min())[:10]


def test_csv_files_loaded_one_at_a_time_are_not_read_again(tmp_path, lines):
    """Monthly CSV files: each run reads (and profiles) only the new file; the loaded ones keep
    their logged description while their bytes are unchanged."""
    folder = tmp_path / "exports"
    folder.mkdir()
    months = lines["InvoiceDate"].dt.to_period("M")
    database = tmp_path / "warehouse.duckdb"
    for number, month in enumerate(
        [month for month in sorted(months.unique()) if "2011-04" <= str(month) <= "2011-07"]
    ):
        (folder / f"{month}.csv").write_text(_csv_text(lines[months == month], day_first=False))
        result = build(database, folder / "*.csv")
        if number:
            described = "described by the load log: their layout and value profile are not read"
            assert f"({number} {described} again)" in result.output
    assert_same_as_one_build(database, folder / "*.csv")
    with duckdb.connect(str(database), read_only=True) as con:
        logged = con.sql(
            "select count(*), count(distinct loaded_at), count(read_settings)"
            " from int_raw_files_loaded"
        )
        assert logged.fetchall() == [(4, 4, 4)]
