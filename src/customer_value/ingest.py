"""Convert the UCI "Online Retail II" workbook (.xlsx) to one Parquet file, raw values kept.

The workbook (UCI Machine Learning Repository, dataset 502, doi:10.24432/C5CG6D) has two sheets,
"Year 2009-2010" and "Year 2010-2011", with the columns Invoice, StockCode, Description,
Quantity, InvoiceDate, Price, Customer ID and Country. The older release "Online Retail"
(dataset 352) names three of them InvoiceNo, UnitPrice and CustomerID; both namings are
accepted and the names found are kept.

The sheets are read with python-calamine (a Rust reader, about ten times faster than openpyxl).
Nothing is cleaned: cancellations, blanks, duplicates and padded descriptions stay as they are.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["COLUMN_NAMES", "ingest_workbook", "read_workbook"]

#: Accepted names of each column, in output order: Online Retail II name first.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "invoice": ("Invoice", "InvoiceNo"),
    "stock_code": ("StockCode",),
    "description": ("Description",),
    "quantity": ("Quantity",),
    "invoice_date": ("InvoiceDate",),
    "price": ("Price", "UnitPrice"),
    "customer_id": ("Customer ID", "CustomerID"),
    "country": ("Country",),
}

_TYPES = {
    "invoice": pa.string(),
    "stock_code": pa.string(),
    "description": pa.string(),
    "quantity": pa.int64(),
    "invoice_date": pa.timestamp("us"),
    "price": pa.float64(),
    "customer_id": pa.float64(),
    "country": pa.string(),
}
# Columns that may be blank; the others must be filled in every row.
_NULLABLE = {"description", "invoice_date", "customer_id"}


def _as_text(value) -> str | None:
    """Cell value as the text Excel shows: 85123 (a number cell) -> '85123'."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _as_float(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return float(value.strip())
    return float(value)


def _as_int(value) -> int | None:
    number = _as_float(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"not a whole number: {value!r}")
    return int(number)


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _as_timestamp(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)):  # a date cell without date format: Excel serial
        stamp = _EXCEL_EPOCH + dt.timedelta(days=float(value))
    else:
        stamp = dt.datetime.fromisoformat(str(value).strip())
    # Excel stores times as fractions of a day; drop the float noise below one second.
    if stamp.microsecond:
        stamp = (stamp + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    return stamp


_CONVERTERS = {
    "invoice": _as_text,
    "stock_code": _as_text,
    "description": _as_text,
    "quantity": _as_int,
    "invoice_date": _as_timestamp,
    "price": _as_float,
    "customer_id": _as_float,
    "country": _as_text,
}


def _header_positions(sheet_name: str, header: list) -> dict[str, tuple[int, str]]:
    """Map each column role to (position, name found); ValueError naming what is missing."""
    cells = [str(cell).strip() if cell is not None else "" for cell in header]
    found, missing = {}, []
    for role, names in COLUMN_NAMES.items():
        hits = [(cells.index(name), name) for name in names if name in cells]
        if hits:
            found[role] = hits[0]
        else:
            missing.append(" or ".join(names))
    if missing:
        raise ValueError(
            f"sheet {sheet_name!r} lacks the expected header columns {missing} "
            f"(its first row is {cells})"
        )
    return found


def _sheet_columns(sheet_name: str, rows: list[list]) -> tuple[dict[str, pa.Array], list[str]]:
    """Convert the rows of one sheet (header first) to Arrow arrays by role."""
    positions = _header_positions(sheet_name, rows[0])
    body = [row for row in rows[1:] if any(cell not in ("", None) for cell in row)]
    width = max(position for position, _ in positions.values()) + 1
    body = [row if len(row) >= width else list(row) + [""] * (width - len(row)) for row in body]
    columns = {}
    for role, (position, name) in positions.items():
        convert = _CONVERTERS[role]
        raw = [row[position] for row in body]
        try:
            if role in ("invoice", "stock_code", "country", "description") and all(
                isinstance(v, str) and v for v in raw
            ):
                values = raw  # fast path: text cells only
            else:
                values = [convert(value) for value in raw]
        except (ValueError, TypeError, OverflowError) as error:
            bad = next(i for i, value in enumerate(raw) if not _converts(convert, value))
            raise ValueError(
                f"sheet {sheet_name!r}, column {name!r}, row {bad + 2}: "
                f"cannot read {raw[bad]!r} ({error})"
            ) from error
        array = pa.array(values, type=_TYPES[role])
        if role not in _NULLABLE and array.null_count:
            first = next(i for i, value in enumerate(values) if value is None)
            raise ValueError(f"sheet {sheet_name!r}, column {name!r}, row {first + 2} is blank")
        columns[role] = array
    return columns, [positions[role][1] for role in COLUMN_NAMES]


def _converts(convert, value) -> bool:
    try:
        convert(value)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def read_workbook(path, progress: bool = True) -> pa.Table:
    """Read every sheet of an Online Retail (II) workbook into one Arrow table.

    Parameters
    ----------
    path : str or path-like
        The .xlsx file.
    progress : bool
        Print one line per sheet to stderr.

    Returns
    -------
    pyarrow.Table
        The sheets one after the other, in workbook order, with the column names of the first
        sheet and the types Invoice, StockCode, Description, Country: string (numbers written
        as Excel shows them, 21232 -> "21232"); Quantity: int64; InvoiceDate: timestamp[us]
        (rounded to the second); Price and Customer ID: double. Blank cells are nulls; empty
        sheets are skipped.

    Raises
    ------
    ValueError
        If the file does not exist or cannot be read, a sheet lacks an expected header column
        (naming the sheet and the columns), a value cannot be converted (naming sheet, column
        and row), or the workbook has no data rows.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"xlsx file not found: {str(path)!r}")
    started = time.perf_counter()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types
        raise ValueError(f"cannot read {str(path)!r} as a workbook: {error}") from error
    tables, names = [], None
    try:
        for sheet_name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=True)
            if not rows or not any(cell not in ("", None) for row in rows for cell in row):
                if progress:
                    print(f"ingest: sheet {sheet_name!r} is empty, skipped", file=sys.stderr)
                continue
            columns, sheet_names = _sheet_columns(sheet_name, rows)
            names = names or sheet_names
            table = pa.table(list(columns.values()), schema=_schema(names))
            tables.append(table)
            if progress:
                print(
                    f"ingest: sheet {sheet_name!r}: {table.num_rows:,} rows "
                    f"({time.perf_counter() - started:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        workbook.close()
    if not tables or sum(table.num_rows for table in tables) == 0:
        raise ValueError(f"workbook {str(path)!r} has no data rows")
    return pa.concat_tables(tables)


def _schema(names: list[str]) -> pa.Schema:
    return pa.schema(
        [
            pa.field(name, _TYPES[role], nullable=role in _NULLABLE)
            for name, role in zip(names, COLUMN_NAMES, strict=True)
        ]
    )


def ingest_workbook(xlsx_path, output_path, progress: bool = True) -> dict:
    """Convert the workbook to one Parquet file (zstd) with the same schema for all sheets.

    Parameters
    ----------
    xlsx_path : str or path-like
        The UCI workbook, e.g. ``online_retail_II.xlsx``.
    output_path : str or path-like
        The Parquet file to write; its directory must exist.
    progress : bool
        Print one line per sheet to stderr.

    Returns
    -------
    dict
        ``path``, ``rows``, ``columns`` (names kept) and ``seconds``.

    Raises
    ------
    ValueError
        As :func:`read_workbook`, or if the output directory does not exist.
    """
    started = time.perf_counter()
    output_path = Path(output_path)
    if not output_path.parent.is_dir():
        raise ValueError(f"output directory does not exist: {str(output_path.parent)!r}")
    table = read_workbook(xlsx_path, progress=progress)
    pq.write_table(table, str(output_path), compression="zstd")
    seconds = time.perf_counter() - started
    if progress:
        print(
            f"ingest: wrote {table.num_rows:,} rows to {output_path} ({seconds:.1f} s)",
            file=sys.stderr,
        )
    return {
        "path": str(output_path),
        "rows": table.num_rows,
        "columns": table.column_names,
        "seconds": round(seconds, 3),
    }
