"""Synthetic lines written as a file in the layout of ``online_retail_II.parquet``, by chunks."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from customer_value.synthetic import purchases
from customer_value.synthetic.catalogue import Catalogue, make_catalogue
from customer_value.synthetic.invoices import COUNTRIES, block_transactions
from customer_value.synthetic.measured_rates import (
    ADJUSTMENT_DESCRIPTIONS,
    FIRST_INVOICE_NUMBER,
    LINES_PER_INVOICE,
)
from customer_value.synthetic.purchases import (
    DEFAULT_TRUE_PARAMETERS,
    TrueParameters,
    check_simulation_arguments,
    period_days,
)

#: Column names and types of online_retail_II.parquet, the layout written here.
SCHEMA = pa.schema(
    [
        pa.field("Invoice", pa.string(), nullable=False),
        pa.field("StockCode", pa.string(), nullable=False),
        pa.field("Description", pa.string()),
        pa.field("Quantity", pa.int64(), nullable=False),
        pa.field("InvoiceDate", pa.timestamp("us")),
        pa.field("Price", pa.float64(), nullable=False),
        pa.field("Customer ID", pa.float64()),
        pa.field("Country", pa.string(), nullable=False),
    ]
)


def _chunk_table(
    blocks: range,
    n_customers: int,
    params: TrueParameters,
    first_day: np.datetime64,
    n_days: int,
    acquisition_spread: float,
    lines_per_invoice: float,
    seed: int,
    catalogue: Catalogue,
    first_invoice_number: int,
) -> tuple[pa.Table, int]:
    """Arrow table of the lines of some blocks in invoice-number order, and its invoice count."""
    invoice_parts, line_parts, offset = [], [], 0
    for block in blocks:
        block_start = block * purchases.BLOCK_CUSTOMERS
        n = min(purchases.BLOCK_CUSTOMERS, n_customers - block_start)
        invoices, lines = block_transactions(
            block,
            n,
            block_start,
            params,
            n_days,
            acquisition_spread,
            lines_per_invoice,
            seed,
            catalogue,
        )
        lines["invoice"] = lines["invoice"] + offset
        offset += invoices["minute"].size
        invoice_parts.append(invoices)
        line_parts.append(lines)
    invoices = {k: np.concatenate([p[k] for p in invoice_parts]) for k in invoice_parts[0]}
    lines = {k: np.concatenate([p[k] for p in line_parts]) for k in line_parts[0]}

    # Invoice numbers follow time, like the real ones; C and A invoices share the sequence.
    # Invoices left without lines (rare) get no number.
    used = np.bincount(lines["invoice"], minlength=invoices["minute"].size) > 0
    order = np.lexsort((invoices["kind"], invoices["minute"]))
    order = order[used[order]]
    number = np.zeros(used.size, dtype=np.int64)
    number[order] = first_invoice_number + np.arange(order.size)
    prefix = np.array(["", "C", "A"], dtype=object)[invoices["kind"]]
    invoice_text = pa.array(np.char.add(prefix.astype(str), number.astype(str)), pa.string())

    line_order = np.argsort(number[lines["invoice"]], kind="stable")
    inv = lines["invoice"][line_order]
    code = lines["code"][line_order]
    description = lines["description"][line_order]
    n_codes = catalogue.codes.size
    description_index = np.where(description >= 0, n_codes + description, code)
    description_text = pa.array(
        np.concatenate([catalogue.descriptions, np.array(ADJUSTMENT_DESCRIPTIONS, dtype=object)]),
        pa.string(),
    )
    start_us = first_day.astype("datetime64[us]").astype(np.int64)
    customer = invoices["customer"][inv]
    columns = [
        invoice_text.take(pa.array(inv)),
        pa.array(catalogue.codes, pa.string()).take(pa.array(code)),
        description_text.take(pa.array(description_index, mask=description == -1)),
        pa.array(lines["quantity"][line_order].astype(np.int64)),
        pa.array(start_us + invoices["minute"][inv] * 60_000_000, pa.timestamp("us")),
        pa.array(lines["price"][line_order].astype(np.float64)),
        pa.array(customer, mask=np.isnan(customer)),
        pa.array(COUNTRIES, pa.string()).take(pa.array(invoices["country"][inv])),
    ]
    return pa.Table.from_arrays(columns, schema=SCHEMA), int(order.size)


def customers_for_lines(
    n_lines: int,
    params: TrueParameters = DEFAULT_TRUE_PARAMETERS,
    start: str = "2009-12-01",
    end: str = "2011-12-09",
    seed: int = 42,
    lines_per_invoice: float = LINES_PER_INVOICE,
    acquisition_spread: float = 1.0,
) -> int:
    """Number of customers whose transactions make about ``n_lines`` lines.

    Generates the first block of :data:`BLOCK_CUSTOMERS` customers (without writing it) and
    scales its lines per customer; the result is within a few per cent of ``n_lines`` for
    large targets.

    Parameters
    ----------
    n_lines : int
        Wanted number of lines (at least 1).
    params, start, end, seed, lines_per_invoice, acquisition_spread
        As for :func:`write_transactions`.

    Returns
    -------
    int
        Number of customers, at least 1.
    """
    if isinstance(n_lines, bool) or not isinstance(n_lines, (int, np.integer)) or n_lines < 1:
        raise ValueError(f"n_lines must be a positive integer, got {n_lines!r}")
    check_simulation_arguments(purchases.BLOCK_CUSTOMERS, params, acquisition_spread)
    first_day, n_days = period_days(start, end)
    _, lines = block_transactions(
        0,
        purchases.BLOCK_CUSTOMERS,
        0,
        params,
        n_days,
        float(acquisition_spread),
        float(lines_per_invoice),
        seed,
        make_catalogue(seed),
    )
    per_customer = lines["invoice"].size / purchases.BLOCK_CUSTOMERS
    return max(1, int(round(n_lines / per_customer)))


def true_parameters_path_for(path) -> Path:
    """Default JSON path of the true parameters: ``<stem>_true_parameters.json`` beside ``path``."""
    path = Path(path)
    return path.with_name(f"{path.stem}_true_parameters.json")


def write_transactions(
    path,
    n_customers: int,
    params: TrueParameters = DEFAULT_TRUE_PARAMETERS,
    seed: int = 42,
    start: str = "2009-12-01",
    end: str = "2011-12-09",
    chunk_customers: int = 4 * purchases.BLOCK_CUSTOMERS,
    progress: bool = True,
    *,
    lines_per_invoice: float = LINES_PER_INVOICE,
    acquisition_spread: float = 1.0,
    true_parameters_path=None,
    compression_level: int | None = None,
) -> dict:
    """Write synthetic transaction lines in the layout of UCI Online Retail II.

    The purchase days are those of :func:`simulate_customer_purchases` with the same
    ``n_customers``, ``params``, ``start``, ``end``, ``seed`` and ``acquisition_spread``
    (customer ``"12346"`` there is ``Customer ID`` 12346.0 here). Each purchase day becomes one
    invoice of several product lines whose ``Quantity * Price`` add up to about the day's spend
    (quantities are whole numbers, so each line is off by up to half its price). Then the
    quirks of the real file are added at the rates measured on it (:mod:`.measured_rates`):
    cancellations (``C`` invoices of the same customer with negative quantities, later than the
    purchase, cancelling all or part of a purchase line; their cancelled quantity was added to
    the purchase, so purchases net of matched cancellations keep the true spend), cancellations
    of purchases older than the data (products never sold in the data), invoices without
    Customer ID, non-product codes (POST, DOT, M, C2, D, BANK CHARGES, AMAZONFEE, gift
    vouchers, TEST001), ``A`` bad-debt adjustments with negative prices, negative quantities
    that are not cancellations (no customer, price 0), exact duplicate lines, zero prices,
    letter-suffixed stock codes, customer countries and a few extreme quantities (10,000 to
    81,000) cancelled within minutes. Not reproduced: the days 2010-12-01 .. 2010-12-09 that
    both sheets of the real workbook contain, and the closed Saturdays.

    Parameters
    ----------
    path : str or path-like
        Output file: Parquet (zstd), or CSV if it ends with ``.csv``.
    n_customers : int
        Number of customers; see :func:`customers_for_lines` to aim at a number of lines.
    params : TrueParameters
        True BG/NBD and Gamma-Gamma parameters.
    seed : int
        Seed; the same arguments give the same file.
    start, end : str
        First and last day of the period (both included).
    chunk_customers : int
        Customers generated and written at a time (rounded up to a multiple of
        :data:`BLOCK_CUSTOMERS`); memory grows with it, not with ``n_customers``. Invoice
        numbers follow time within a chunk; everything else does not depend on it.
    progress : bool
        Print one line per chunk to stderr.
    lines_per_invoice : float
        Mean number of product lines of a customer's invoice (real file: 21.8).
    acquisition_spread : float
        As for :func:`simulate_customer_purchases`.
    true_parameters_path : str or path-like, optional
        Where to write the true parameters as JSON; default ``<stem>_true_parameters.json``
        beside ``path``.
    compression_level : int, optional
        zstd level for Parquet (default: the library's).

    Returns
    -------
    dict
        ``path``, ``true_parameters_path``, ``lines``, ``customers``, ``invoices``, ``seconds``.
    """
    started = time.perf_counter()
    check_simulation_arguments(n_customers, params, acquisition_spread)
    if isinstance(chunk_customers, bool) or not isinstance(chunk_customers, (int, np.integer)):
        raise ValueError(f"chunk_customers must be an integer, got {chunk_customers!r}")
    if chunk_customers < 1:
        raise ValueError(f"chunk_customers must be at least 1, got {chunk_customers}")
    if not 1.0 <= float(lines_per_invoice) <= 500.0:
        raise ValueError(f"lines_per_invoice must be in [1, 500], got {lines_per_invoice!r}")
    first_day, n_days = period_days(start, end)
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"path: the directory {str(path.parent)!r} does not exist")
    json_path = (
        Path(true_parameters_path) if true_parameters_path else true_parameters_path_for(path)
    )
    catalogue = make_catalogue(seed)
    blocks_per_chunk = -(-int(chunk_customers) // purchases.BLOCK_CUSTOMERS)
    n_blocks = -(-int(n_customers) // purchases.BLOCK_CUSTOMERS)
    chunks = [
        range(first, min(first + blocks_per_chunk, n_blocks))
        for first in range(0, n_blocks, blocks_per_chunk)
    ]
    is_csv = path.suffix.lower() == ".csv"
    n_lines, n_invoices, invoice_number = 0, 0, FIRST_INVOICE_NUMBER
    if is_csv:
        writer = pa_csv.CSVWriter(str(path), SCHEMA)
    else:
        writer = pq.ParquetWriter(
            str(path), SCHEMA, compression="zstd", compression_level=compression_level
        )
    try:
        for index, blocks in enumerate(chunks):
            table, chunk_invoices = _chunk_table(
                blocks,
                int(n_customers),
                params,
                first_day,
                n_days,
                float(acquisition_spread),
                float(lines_per_invoice),
                seed,
                catalogue,
                invoice_number,
            )
            invoice_number += chunk_invoices
            n_invoices += chunk_invoices
            n_lines += table.num_rows
            writer.write_table(table)
            del table
            if progress:
                done = min(blocks.stop * purchases.BLOCK_CUSTOMERS, n_customers)
                print(
                    f"generate: chunk {index + 1}/{len(chunks)}, {done:,} customers, "
                    f"{n_lines:,} lines, {time.perf_counter() - started:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        writer.close()
    info = {
        **params.to_dict(),
        "generator": "customer_value.synthetic.write_transactions",
        "n_customers": int(n_customers),
        "seed": int(seed),
        "start": str(first_day),
        "end": str(first_day + np.timedelta64(n_days - 1, "D")),
        "acquisition_spread": float(acquisition_spread),
        "lines_per_invoice": float(lines_per_invoice),
        "data": path.name,
    }
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump(info, handle, indent=2)
        handle.write("\n")
    return {
        "path": str(path),
        "true_parameters_path": str(json_path),
        "lines": n_lines,
        "customers": int(n_customers),
        "invoices": n_invoices,
        "seconds": round(time.perf_counter() - started, 3),
    }
