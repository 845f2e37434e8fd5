"""Synthetic transactions in the layout of UCI "Online Retail II", with known true parameters.

The customers follow the BG/NBD purchase process (Fader, Hardie & Lee 2005, "Counting your
customers the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)) and
the Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value").

Two levels:

- :func:`simulate_customer_purchases` gives the true process, one row per customer and purchase
  day, for model tests (known-parameter recovery).
- :func:`write_transactions` expands each purchase day into an invoice of product lines in the
  exact layout and types of ``online_retail_II.parquet`` and adds the quirks of the real data
  at the rates measured on it, chunk by chunk with vectorised numpy and a pyarrow
  ParquetWriter, so that memory depends on ``chunk_customers`` only. The true parameters go
  to a JSON file beside the data.

One job per module: :mod:`.purchases` (the true process and its parameters),
:mod:`.measured_rates` (the quirks' rates, measured on the real file), :mod:`.catalogue` (the
products), :mod:`.invoices` (one block of customers' invoices and lines with the quirks),
:mod:`.writer` (the file, chunk by chunk, and the true parameters' JSON).

The embedded demo set ``data/demo/online_retail_demo.parquet`` (5,000 customers,
2009-12-01 .. 2011-12-09, 604,909 lines, 3.8 MB) and ``data/demo/true_parameters.json`` were
made with::

    customer-value generate --customers 5000 --lines-per-invoice 16 --compression-level 19 \
        --output data/demo/online_retail_demo.parquet \
        --true-parameters data/demo/true_parameters.json

(seed 42 and the default true parameters; 16 lines per invoice instead of the measured 21.8
keep the file under 5 MB).
"""

from customer_value.synthetic.measured_rates import LINES_PER_INVOICE
from customer_value.synthetic.purchases import (
    BLOCK_CUSTOMERS,
    DEFAULT_TRUE_PARAMETERS,
    TrueParameters,
    simulate_customer_purchases,
)
from customer_value.synthetic.writer import (
    SCHEMA,
    customers_for_lines,
    true_parameters_path_for,
    write_transactions,
)

__all__ = [
    "BLOCK_CUSTOMERS",
    "DEFAULT_TRUE_PARAMETERS",
    "LINES_PER_INVOICE",
    "SCHEMA",
    "TrueParameters",
    "customers_for_lines",
    "simulate_customer_purchases",
    "true_parameters_path_for",
    "write_transactions",
]
