"""Tests of customer_value.ingest: UCI workbook to Parquet, raw values kept."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from customer_value.ingest import ingest_workbook, read_workbook

openpyxl = pytest.importorskip("openpyxl")

HEADER_II = ["Invoice", "StockCode", "Description", "Quantity"]
HEADER_II += ["InvoiceDate", "Price", "Customer ID", "Country"]
HEADER_I = ["InvoiceNo", "StockCode", "Description", "Quantity"]
HEADER_I += ["InvoiceDate", "UnitPrice", "CustomerID", "Country"]

# Cells as Excel holds them: numeric-looking invoices and codes are number cells.
SHEET_2009 = [
    [
        489434,
        85048,
        "15CM CHRISTMAS GLASS BALL 20 LIGHTS",
        12,
        dt.datetime(2009, 12, 1, 7, 45),
        6.95,
        13085.0,
        "United Kingdom",
    ],  # noqa: E501
    [
        489434,
        "79323P",
        " PINK CHERRY LIGHTS",
        12,
        dt.datetime(2009, 12, 1, 7, 45),
        6.75,
        13085.0,
        "United Kingdom",
    ],  # noqa: E501
    [
        "C489449",
        22087,
        "PAPER BUNTING WHITE LACE",
        -12,
        dt.datetime(2009, 12, 1, 10, 33),
        2.95,
        16321.0,
        "Australia",
    ],  # noqa: E501
    [489464, 21733, None, -96, dt.datetime(2009, 12, 1, 10, 52), 0.0, None, "United Kingdom"],
]
SHEET_2010 = [
    [
        538171,
        "85123A",
        "WHITE HANGING HEART T-LIGHT HOLDER ",
        2,
        dt.datetime(2010, 12, 9, 20, 1),
        2.95,
        None,
        "United Kingdom",
    ],  # noqa: E501
    [
        "A563185",
        "B",
        "Adjust bad debt",
        1,
        dt.datetime(2011, 8, 12, 14, 50),
        11062.06,
        None,
        "United Kingdom",
    ],  # noqa: E501
    [581587, "POST", "POSTAGE", 1, dt.datetime(2011, 12, 9, 12, 50), 18.0, 12680.0, "France"],
]

EXPECTED = {
    "Invoice": ["489434", "489434", "C489449", "489464", "538171", "A563185", "581587"],
    "StockCode": ["85048", "79323P", "22087", "21733", "85123A", "B", "POST"],
    "Description": [
        "15CM CHRISTMAS GLASS BALL 20 LIGHTS",
        " PINK CHERRY LIGHTS",
        "PAPER BUNTING WHITE LACE",
        None,
        "WHITE HANGING HEART T-LIGHT HOLDER ",
        "Adjust bad debt",
        "POSTAGE",
    ],
    "Quantity": [12, 12, -12, -96, 2, 1, 1],
    "InvoiceDate": [
        dt.datetime(2009, 12, 1, 7, 45),
        dt.datetime(2009, 12, 1, 7, 45),
        dt.datetime(2009, 12, 1, 10, 33),
        dt.datetime(2009, 12, 1, 10, 52),
        dt.datetime(2010, 12, 9, 20, 1),
        dt.datetime(2011, 8, 12, 14, 50),
        dt.datetime(2011, 12, 9, 12, 50),
    ],
    "Price": [6.95, 6.75, 2.95, 0.0, 2.95, 11062.06, 18.0],
    "Customer ID": [13085.0, 13085.0, 16321.0, None, None, None, 12680.0],
    "Country": ["United Kingdom"] * 2 + ["Australia"] + ["United Kingdom"] * 3 + ["France"],
}


def write_workbook(path, sheets: dict[str, list[list]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "online_retail_II.xlsx"
    write_workbook(
        path,
        {"Year 2009-2010": [HEADER_II, *SHEET_2009], "Year 2010-2011": [HEADER_II, *SHEET_2010]},
    )
    return path


def expected_table(names: list[str]) -> pa.Table:
    nullable = {"Description", "InvoiceDate", "Customer ID"}
    types = [pa.string(), pa.string(), pa.string(), pa.int64(), pa.timestamp("us")]
    types += [pa.float64(), pa.float64(), pa.string()]
    schema = pa.schema(
        [
            pa.field(name, kind, nullable=canonical in nullable)
            for name, canonical, kind in zip(names, HEADER_II, types, strict=True)
        ]
    )
    return pa.table([EXPECTED[name] for name in HEADER_II], schema=schema)


def test_round_trip_keeps_raw_values_exactly(workbook, tmp_path):
    output = tmp_path / "raw.parquet"
    summary = ingest_workbook(workbook, output, progress=False)
    table = pq.read_table(output)
    assert table.equals(expected_table(HEADER_II), check_metadata=False)
    assert table.schema.equals(expected_table(HEADER_II).schema)
    assert summary["rows"] == 7 and summary["columns"] == HEADER_II


def test_online_retail_i_names_are_kept(tmp_path):
    path = tmp_path / "online_retail.xlsx"
    write_workbook(path, {"Online Retail": [HEADER_I, *SHEET_2009, *SHEET_2010]})
    table = read_workbook(path, progress=False)
    assert table.column_names == HEADER_I
    assert table.equals(expected_table(HEADER_I), check_metadata=False)


def test_reordered_columns_blank_rows_and_empty_sheets(tmp_path):
    path = tmp_path / "book.xlsx"
    order = [7, 0, 1, 2, 3, 4, 5, 6]
    rows = [[row[i] for i in order] for row in [HEADER_II, *SHEET_2009]]
    write_workbook(
        path,
        {
            "Year 2009-2010": [*rows[:2], [None] * 8, *rows[2:]],
            "Notes": [],
            "Year 2010-2011": [HEADER_II, *SHEET_2010],
        },
    )
    table = read_workbook(path, progress=False)
    assert table.column_names == HEADER_II
    assert table.equals(expected_table(HEADER_II), check_metadata=False)


def test_progress_per_sheet(workbook, tmp_path, capsys):
    ingest_workbook(workbook, tmp_path / "raw.parquet")
    err = capsys.readouterr().err
    assert "'Year 2009-2010': 4 rows" in err and "'Year 2010-2011': 3 rows" in err


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="xlsx file not found"):
        read_workbook(tmp_path / "nope.xlsx")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    with pytest.raises(ValueError, match="cannot read"):
        read_workbook(path)


def test_sheet_without_expected_header_names_sheet_and_columns(tmp_path):
    path = tmp_path / "book.xlsx"
    header = [name for name in HEADER_II if name not in ("Price", "Customer ID")]
    write_workbook(
        path,
        {"Year 2009-2010": [HEADER_II, *SHEET_2009], "Year 2010-2011": [header, ["x"] * 6]},
    )
    with pytest.raises(ValueError, match=r"'Year 2010-2011'.*Price or UnitPrice.*Customer ID"):
        read_workbook(path, progress=False)


def test_workbook_without_rows(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, {"Year 2009-2010": [HEADER_II], "Year 2010-2011": [HEADER_II]})
    with pytest.raises(ValueError, match="no data rows"):
        read_workbook(path, progress=False)


def test_bad_value_names_sheet_column_and_row(tmp_path):
    path = tmp_path / "book.xlsx"
    bad = list(SHEET_2010[0])
    bad[3] = 2.5
    write_workbook(path, {"Year 2010-2011": [HEADER_II, SHEET_2010[1], bad]})
    with pytest.raises(ValueError, match=r"'Year 2010-2011', column 'Quantity', row 3"):
        read_workbook(path, progress=False)


def test_blank_required_value(tmp_path):
    path = tmp_path / "book.xlsx"
    bad = list(SHEET_2010[0])
    bad[0] = None
    write_workbook(path, {"Year 2010-2011": [HEADER_II, bad]})
    with pytest.raises(ValueError, match=r"column 'Invoice', row 2 is blank"):
        read_workbook(path, progress=False)


def test_missing_output_directory(workbook, tmp_path):
    with pytest.raises(ValueError, match="output directory"):
        ingest_workbook(workbook, tmp_path / "missing" / "raw.parquet", progress=False)
