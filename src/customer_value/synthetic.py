"""Synthetic transactions in the layout of UCI "Online Retail II", with known true parameters.

The customers follow the BG/NBD purchase process (Fader, Hardie & Lee 2005, "Counting your
customers the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)) and
the Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value").

Two levels:

- :func:`simulate_customer_purchases` gives the true process, one row per customer and purchase
  day, for model tests (known-parameter recovery).
- :func:`write_transactions` expands each purchase day into an invoice of product lines in the
  exact layout and types of ``online_retail_II.parquet`` and adds the quirks of the real data
  at the rates measured on it (module constants), chunk by chunk with vectorised numpy and a
  pyarrow ParquetWriter, so that memory depends on ``chunk_customers`` only. The true
  parameters go to a JSON file beside the data.

The embedded demo set ``data/demo/online_retail_demo.parquet`` (5,000 customers,
2009-12-01 .. 2011-12-09, 604,909 lines, 3.8 MB) and ``data/demo/true_parameters.json`` were
made with::

    customer-value generate --customers 5000 --lines-per-invoice 16 --compression-level 19 \
        --output data/demo/online_retail_demo.parquet \
        --true-parameters data/demo/true_parameters.json

(seed 42 and the default true parameters; 16 lines per invoice instead of the measured 21.8
keep the file under 5 MB).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

__all__ = [
    "DEFAULT_TRUE_PARAMETERS",
    "SCHEMA",
    "TrueParameters",
    "customers_for_lines",
    "simulate_customer_purchases",
    "true_parameters_path_for",
    "write_transactions",
]


@dataclass(frozen=True)
class TrueParameters:
    """True parameters of the simulated purchase and spend processes.

    Attributes
    ----------
    r, alpha : float
        BG/NBD purchase rate heterogeneity: ``lambda ~ Gamma(shape=r, rate=alpha)``, a rate per
        week (``time_unit = "weeks"``), so the mean rate is ``r / alpha`` purchases a week
        (Fader, Hardie & Lee 2005, eq. 2).
    a, b : float
        BG/NBD dropout heterogeneity: ``p ~ Beta(a, b)``, the probability that a customer becomes
        inactive right after a repeat purchase (Fader, Hardie & Lee 2005, eq. 4).
    p : float
        Gamma-Gamma shape of the spend of one purchase occasion:
        ``z ~ Gamma(shape=p, rate=nu)`` (Fader & Hardie 2013, eq. 1).
    q, gamma : float
        Gamma-Gamma heterogeneity of the spend rate: ``nu ~ Gamma(shape=q, rate=gamma)``, so
        the mean spend of a customer is ``p * gamma / (q - 1)`` pounds for ``q > 1``
        (Fader & Hardie 2013, eq. 4).
    """

    r: float
    alpha: float
    a: float
    b: float
    p: float
    q: float
    gamma: float

    time_unit = "weeks"  # class attribute, not a field: the unit of 1 / alpha and of t

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"TrueParameters.{name} must be a positive number, got {value!r}")

    def to_dict(self) -> dict:
        """Return the parameters with ``time_unit`` as a JSON-ready dictionary."""
        return {**asdict(self), "time_unit": self.time_unit}

    @classmethod
    def from_dict(cls, data: dict) -> TrueParameters:
        """Build parameters from :meth:`to_dict` output (extra keys are ignored)."""
        names = ("r", "alpha", "a", "b", "p", "q", "gamma")
        missing = [name for name in names if name not in data]
        if missing:
            raise ValueError(f"data is missing the true parameters {missing}")
        if data.get("time_unit", "weeks") != "weeks":
            raise ValueError(f"time_unit must be 'weeks', got {data['time_unit']!r}")
        return cls(**{name: float(data[name]) for name in names})

    def to_json(self, path) -> None:
        """Write :meth:`to_dict` to ``path`` as indented JSON."""
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.to_dict(), handle, indent=2)
            handle.write("\n")


#: Defaults chosen so that two years of simulated customers look like Online Retail II:
#: about 5.6 purchase days per customer (median 3) and about 500 pounds per purchase day
#: (median about 280, 99th percentile about 3,500) when first purchases are spread over the
#: whole period. Measured on online_retail_II.parquet (customer-days of purchases with a
#: customer): 5.63 days per customer (median 3), 536 pounds a day (median 316, p99 4,163).
DEFAULT_TRUE_PARAMETERS = TrueParameters(r=1.1, alpha=8.0, a=0.7, b=6.0, p=1.5, q=2.5, gamma=500.0)

#: Customers are simulated in blocks of this many, each block with its own random stream
#: (``numpy.random.SeedSequence([seed, block])``), so that the purchases of a customer do not
#: depend on how the line writer chunks the customers.
BLOCK_CUSTOMERS = 4096

#: Customer IDs count up from the smallest ID of the real file, like 12346.0.
FIRST_CUSTOMER_ID = 12346


def _period_days(start: str, end: str) -> tuple[np.datetime64, int]:
    """Return the first day and the number of days of the period, both ends included."""
    try:
        first = np.datetime64(pd.Timestamp(start).normalize().date(), "D")
    except (ValueError, TypeError) as error:
        raise ValueError(f"start is not a date: {start!r}") from error
    try:
        last = np.datetime64(pd.Timestamp(end).normalize().date(), "D")
    except (ValueError, TypeError) as error:
        raise ValueError(f"end is not a date: {end!r}") from error
    n_days = int((last - first).astype(int)) + 1
    if n_days < 2:
        raise ValueError(f"end ({end}) must be at least one day after start ({start})")
    return first, n_days


def _check_simulation_arguments(n_customers, params, acquisition_spread) -> None:
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise ValueError(f"n_customers must be an integer, got {n_customers!r}")
    if n_customers < 1:
        raise ValueError(f"n_customers must be at least 1, got {n_customers}")
    if not isinstance(params, TrueParameters):
        raise ValueError(f"params must be a TrueParameters, got {type(params).__name__}")
    if not 0.0 <= float(acquisition_spread) <= 1.0:
        raise ValueError(f"acquisition_spread must be in [0, 1], got {acquisition_spread!r}")


def _block_rng(seed: int, block: int, stream: int) -> np.random.Generator:
    """Random generator of one block of customers; stream 0 = purchases, 1 = line details."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(block), int(stream)]))


def _simulate_block(
    n: int,
    params: TrueParameters,
    n_days: int,
    acquisition_spread: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Simulate the purchase days of ``n`` customers.

    Returns
    -------
    customer : ndarray of int64
        Customer index within the block (0 .. n-1), one entry per purchase day, sorted by
        customer then day.
    day : ndarray of int64
        Day of the purchase, counted from the first day of the period.
    spend : ndarray of float64
        Spend of the day (sum of the Gamma-Gamma spends of the purchases of that day).
    first_day : ndarray of int64
        Acquisition day of each customer.

    Notes
    -----
    BG/NBD (Fader, Hardie & Lee 2005, section 2): while alive, purchases follow a Poisson
    process of rate ``lambda``; after each repeat purchase the customer drops out with
    probability ``p``, so the number ``J`` of repeat purchases a customer would ever make is
    geometric on 1, 2, ... The repeat purchases seen in a window of length ``T`` are the first
    ``K = min(J, N)`` of the ``N ~ Poisson(lambda T)`` events of the process; the first ``K``
    order statistics of ``N`` uniforms on ``[0, T]`` are ``T S_k / (S_K + G)`` with ``S_k`` the
    cumulative sums of ``K`` standard exponentials and ``G ~ Gamma(N + 1 - K)``, which keeps the
    simulation vectorised and its memory proportional to the purchases kept.
    """
    period_weeks = n_days / 7.0
    first = rng.uniform(0.0, acquisition_spread * period_weeks, size=n)
    window = period_weeks - first
    lam = rng.gamma(params.r, 1.0 / params.alpha, size=n)
    drop = rng.beta(params.a, params.b, size=n)
    n_alive_max = rng.geometric(np.clip(drop, 1e-12, 1.0))
    n_events = rng.poisson(lam * window)
    k = np.minimum(n_alive_max, n_events).astype(np.int64)
    total = int(k.sum())
    owner = np.repeat(np.arange(n, dtype=np.int64), k)
    csum = np.cumsum(rng.standard_exponential(total))
    ends = np.cumsum(k)
    starts = ends - k
    before = np.zeros(n)
    has = k > 0
    before[has] = np.where(starts[has] > 0, csum[np.maximum(starts[has] - 1, 0)], 0.0)
    s_k = csum - np.repeat(before, k)
    s_big_k = np.zeros(n)
    s_big_k[has] = csum[ends[has] - 1] - before[has]
    tail = rng.standard_gamma((n_events - k + 1).astype(np.float64))
    repeat_times = first[owner] + window[owner] * s_k / (s_big_k + tail)[owner]

    # One row per purchase: the acquisition purchase, then the repeat purchases.
    customer = np.concatenate([np.arange(n, dtype=np.int64), owner])
    times = np.concatenate([first, repeat_times])
    nu = rng.gamma(params.q, 1.0 / params.gamma, size=n)
    spend = rng.gamma(params.p, 1.0, size=customer.size) / nu[customer]
    day = np.minimum(np.floor(times * 7.0).astype(np.int64), n_days - 1)

    # Purchases of the same customer on the same day become one purchase day.
    key = customer * n_days + day
    unique_key, inverse = np.unique(key, return_inverse=True)
    day_spend = np.bincount(inverse, weights=spend, minlength=unique_key.size)
    first_day = np.floor(first * 7.0).astype(np.int64)
    return unique_key // n_days, unique_key % n_days, day_spend, np.minimum(first_day, n_days - 1)


def simulate_customer_purchases(
    n_customers: int,
    params: TrueParameters = DEFAULT_TRUE_PARAMETERS,
    start: str = "2009-12-01",
    end: str = "2011-12-09",
    seed: int = 42,
    acquisition_spread: float = 1.0,
) -> pd.DataFrame:
    """Simulate the true purchase process, without data quirks: one row per purchase day.

    Each customer makes a first purchase at a time uniform over the first
    ``acquisition_spread`` of the period (cohorts), then repeat purchases by the BG/NBD process
    (Fader, Hardie & Lee 2005): a Poisson process of rate ``lambda ~ Gamma(r, alpha)`` a week,
    ended after each repeat purchase with probability ``p ~ Beta(a, b)``. Each purchase costs
    ``z ~ Gamma(p, nu)`` pounds with ``nu ~ Gamma(q, gamma)`` per customer (Fader & Hardie 2013).

    Purchases of one customer that fall on the same calendar day are merged into one row whose
    ``net_revenue`` is the sum of their spends: the models count purchase days, as the usual
    RFM summaries of transaction logs do. With the default parameters about 1.4 % of the
    purchases share a day with another one.

    Parameters
    ----------
    n_customers : int
        Number of customers (at least 1).
    params : TrueParameters
        True parameters; rates are per week.
    start, end : str
        First and last calendar day of the period (both included).
    seed : int
        Seed; the same seed and arguments give the same rows. Customers are drawn in blocks of
        :data:`BLOCK_CUSTOMERS` with one random stream per block, so the first customers are the
        same whatever ``n_customers`` is, as long as they fall in full blocks.
    acquisition_spread : float
        Fraction of the period over which first purchases are spread uniformly (0 = everyone
        starts on the first day, 1 = cohorts over the whole period).

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (str, ``"12346"`` upward, the integer form of the ``Customer ID``
        written by :func:`write_transactions`), ``order_date`` (datetime64[ns], midnight) and
        ``net_revenue`` (float, > 0), sorted by customer then date.
    """
    _check_simulation_arguments(n_customers, params, acquisition_spread)
    first, n_days = _period_days(start, end)
    parts = []
    for block, block_start in enumerate(range(0, n_customers, BLOCK_CUSTOMERS)):
        n = min(BLOCK_CUSTOMERS, n_customers - block_start)
        customer, day, spend, _ = _simulate_block(
            n, params, n_days, float(acquisition_spread), _block_rng(seed, block, 0)
        )
        parts.append((customer + block_start, day, spend))
    customer = np.concatenate([part[0] for part in parts])
    day = np.concatenate([part[1] for part in parts])
    spend = np.concatenate([part[2] for part in parts])
    return pd.DataFrame(
        {
            "customer_id": (customer + FIRST_CUSTOMER_ID).astype(str).astype(object),
            "order_date": (first + day.astype("timedelta64[D]")).astype("datetime64[ns]"),
            "net_revenue": spend,
        }
    )


# ---------------------------------------------------------------------------------------------
# Quirk rates. Every rate below was measured with DuckDB on online_retail_II.parquet
# (1,067,370 lines, 2009-12-01 .. 2011-12-09, /work/shared/data); shares are of all lines
# unless said otherwise.
# ---------------------------------------------------------------------------------------------

#: Lines without Customer ID: 243,007 / 1,067,370. They come in invoices of their own.
NO_CUSTOMER_LINE_SHARE = 0.2277
#: Lines per invoice without customer: mean 29.0 but median 1 (8,361 invoices): a mixture of
#: small invoices and large "dotcom" ones, drawn here as 66 % of mean 1.5 and 34 % of mean 82.
NO_CUSTOMER_SMALL_INVOICE_SHARE = 0.66
NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES = 1.5
NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES = 82.0
#: Lines per purchase invoice of a customer: mean 21.8, median 15, 10th/90th percentiles 2/49.
LINES_PER_INVOICE = 21.8
#: Cancellation lines (Invoice starting with C): 19,494 / 1,067,370.
CANCELLATION_LINE_SHARE = 0.0183
#: Lines per cancellation invoice: 19,494 lines / 8,292 C invoices.
LINES_PER_CANCELLATION = 2.35
#: Cancellation lines of a customer whose stock code the customer had not bought earlier in
#: the data (the purchase predates the data): 2,069 / 18,744.
CANCELLATION_PREDATES_SHARE = 0.110
#: Matched cancellation lines that cancel the whole purchased quantity (the rest cancel part
#: of it): 30.1 % (17,260 lines matched on customer and stock code).
CANCELLATION_FULL_SHARE = 0.301
#: Cancellations made on the day of the purchase, and the median delay of the others (days).
CANCELLATION_SAME_DAY_SHARE = 0.15
CANCELLATION_MEDIAN_DELAY_DAYS = 14.0
#: Negative quantities outside C invoices, no customer, price 0 (damages, stock checks):
#: 3,457 lines, quantity median -26, 78 % with no Description (2,689).
ADJUSTMENT_LINE_SHARE = 0.00324
ADJUSTMENT_MEDIAN_QUANTITY = 26.0
ADJUSTMENT_NULL_DESCRIPTION_SHARE = 0.78
ADJUSTMENT_DESCRIPTIONS = (
    "check",
    "damages",
    "?",
    "damaged",
    "missing",
    "sold as set on dotcom",
    "Damaged",
    "thrown away",
    "Unsaleable, destroyed.",
    "smashed",
)
#: "A" invoices: bad-debt adjustments, stock code B, negative price, no customer: 6 lines
#: (prices -53,594.36 .. -11,062.06). At least one is written in every file.
BAD_DEBT_LINE_SHARE = 5.6e-6
#: Exact duplicate lines beyond the first copy: 11,491 / 1,022,324 outside 2010-12-01..09,
#: the days both sheets of the workbook contain (those days are not duplicated here).
DUPLICATE_LINE_SHARE = 0.0112
#: Purchase lines with price 0 and positive quantity: 2,745 lines, 2,674 without customer.
ZERO_PRICE_LINE_SHARE = 0.00257
#: Stock codes with a letter suffix (85123A): 12.1 % of lines, 31 % of the 5,305 codes.
LETTER_SUFFIX_CODE_SHARE = 0.31
LETTER_SUFFIX_LINE_SHARE = 0.121
#: Lines with |Quantity| > 10,000: 11 lines, among them two purchases cancelled within
#: minutes (80,995 and 74,215). Here they come as purchase + cancellation pairs, at least one
#: pair per file.
EXTREME_QUANTITY_PAIR_SHARE = 2.0e-6
#: Customers seen with more than one country: 13 / 5,942.
SECOND_COUNTRY_CUSTOMER_SHARE = 0.0022
#: Unit price of product lines: median 2.10, 90th percentile 7.62 (lognormal sigma ~1).
PRICE_MEDIAN = 2.10
PRICE_SIGMA = 1.0
#: Prices on invoices without customer are higher (median 3.36 against 2.10).
NO_CUSTOMER_PRICE_FACTOR = 1.6
#: Descriptions with a leading or trailing space: 213,035 lines.
PADDED_DESCRIPTION_SHARE = 0.20
#: Lines per hour of day, 6:00 .. 20:00 (line counts).
HOUR_WEIGHTS = {
    6: 41, 7: 1127, 8: 15985, 9: 68324, 10: 93248, 11: 121780, 12: 159845, 13: 150308,
    14: 141513, 15: 135309, 16: 94055, 17: 57549, 18: 16991, 19: 9089, 20: 2205,
}  # fmt: skip
#: Customers per country (distinct Customer ID and Country pairs).
CUSTOMER_COUNTRY_COUNTS = {
    "United Kingdom": 5410, "Germany": 107, "France": 95, "Spain": 41, "Belgium": 29,
    "Portugal": 24, "Netherlands": 23, "Switzerland": 22, "Sweden": 19, "Italy": 17,
    "Finland": 15, "Australia": 15, "Channel Islands": 14, "Norway": 13, "Austria": 13,
    "Denmark": 12, "Cyprus": 11, "Japan": 10, "USA": 9, "Unspecified": 7, "Poland": 6,
    "Greece": 5, "EIRE": 5, "Canada": 5, "Israel": 4, "United Arab Emirates": 4, "Bahrain": 2,
    "Korea": 2, "Brazil": 2, "Malta": 2, "RSA": 2, "Saudi Arabia": 1, "Thailand": 1,
    "West Indies": 1, "Nigeria": 1, "Singapore": 1, "Lithuania": 1, "Iceland": 1,
    "Lebanon": 1, "European Community": 1, "Czech Republic": 1,
}  # fmt: skip
#: Share of invoices without customer that are not from the United Kingdom.
NO_CUSTOMER_FOREIGN_SHARE = 0.04
#: Non-product stock codes: (code, description, line share, where, price median, price sigma,
#: quantity). "where" is the host: "foreign" purchase invoices of non-UK customers,
#: "customer" purchase invoices, "anonymous" invoices without customer, "cancel" a C invoice
#: of a customer, "anonymous_cancel" a C invoice of its own without customer.
#: Line counts measured: POST 2,121, DOT 1,446, M 1,421, C2 282, D 177, BANK CHARGES 102,
#: AMAZONFEE 43, gift vouchers 100, TEST001/TEST002 17.
NON_PRODUCT_CODES = (
    ("POST", "POSTAGE", 2121 / 1067370, "foreign", 28.0, 0.35, 2),
    ("DOT", "DOTCOM POSTAGE", 1446 / 1067370, "anonymous", 150.0, 0.9, 1),
    ("M", "Manual", 1421 / 1067370, "customer", 4.0, 2.0, 1),
    ("C2", "CARRIAGE", 282 / 1067370, "foreign", 50.0, 0.0, 1),
    ("D", "Discount", 177 / 1067370, "cancel", 20.0, 1.2, -1),
    ("BANK CHARGES", "Bank Charges", 102 / 1067370, "customer", 15.0, 0.0, 1),
    ("AMAZONFEE", "AMAZON FEE", 43 / 1067370, "anonymous_cancel", 5000.0, 0.8, -1),
    ("gift_0001_10", "Dotcomgiftshop Gift Voucher £10.00", 16 / 1067370, "anonymous", 8.5, 0, 1),
    ("gift_0001_20", "Dotcomgiftshop Gift Voucher £20.00", 29 / 1067370, "anonymous", 17.0, 0, 1),
    ("gift_0001_30", "Dotcomgiftshop Gift Voucher £30.00", 29 / 1067370, "anonymous", 25.5, 0, 1),
    ("gift_0001_40", "Dotcomgiftshop Gift Voucher £40.00", 7 / 1067370, "anonymous", 34.0, 0, 1),
    ("gift_0001_50", "Dotcomgiftshop Gift Voucher £50.00", 8 / 1067370, "anonymous", 42.5, 0, 1),
    ("TEST001", "This is a test product.", 15 / 1067370, "customer", 4.5, 0.0, 1),
    ("TEST002", "This is a test product.", 2 / 1067370, "customer", 1.0, 0.0, 1),
)
#: Lines drawn per wanted line of a customer's invoice, to make up for the lines whose
#: quantity rounds to 0 and are dropped (calibrated on simulated data).
_DRAWN_LINES_FACTOR = 1.3
#: Products in the synthetic catalogue (the real file has 5,305 stock codes over two years),
#: and "discontinued" ones that only appear in cancellations of purchases older than the data.
N_PRODUCTS = 4000
N_DISCONTINUED = 120
#: The real file's first invoice number.
FIRST_INVOICE_NUMBER = 489434

_WORDS_ADJ = (
    "VINTAGE", "RETRO", "SMALL", "LARGE", "MINI", "JUMBO", "GLASS", "CERAMIC", "WOODEN",
    "ENAMEL", "PAPER", "HANGING", "SET OF 3", "SET/6", "PACK OF 12", "ANTIQUE", "FAIRY",
    "REGENCY", "SWEETHEART", "PARTY", "CHRISTMAS", "EASTER", "SPOTTY", "STRIPED", "FLORAL",
)  # fmt: skip
_WORDS_COLOUR = (
    "RED", "PINK", "BLUE", "GREEN", "WHITE", "IVORY", "CREAM", "BLACK", "SILVER", "GOLD",
    "PASTEL", "LIGHT BLUE", "RETROSPOT", "STRAWBERRY", "ROSE", "HEART", "STAR", "BIRD",
    "OWL", "PAISLEY", "POLKADOT", "SKULL", "CHERRY", "LOVE",
)  # fmt: skip
_WORDS_NOUN = (
    "MUG", "TEA CUP AND SAUCER", "LANTERN", "T-LIGHT HOLDER", "CAKE TIN", "LUNCH BAG",
    "JUMBO BAG", "BUNTING", "DOORMAT", "CUSHION COVER", "PHOTO FRAME", "NOTEBOOK",
    "STORAGE JAR", "TRINKET BOX", "WALL CLOCK", "HOT WATER BOTTLE", "CAKE STAND",
    "PAPER CUPS", "PAPER PLATES", "NAPKINS", "GIFT WRAP", "CANDLE", "BELL", "HEART DECORATION",
    "CHALKBOARD", "TISSUES", "CHARLOTTE BAG", "BAKING SET", "PLASTERS IN TIN", "ALARM CLOCK",
)  # fmt: skip


@dataclass(frozen=True)
class _Catalogue:
    """Synthetic products, then discontinued products, then the non-product codes."""

    codes: np.ndarray  # str, all codes
    descriptions: np.ndarray  # str, one per code
    prices: np.ndarray  # float, catalogue price per code (non-product codes: median price)
    cumulative_popularity: np.ndarray  # over the N_PRODUCTS products

    @property
    def first_special(self) -> int:
        return N_PRODUCTS + N_DISCONTINUED


def _nice_prices(raw: np.ndarray) -> np.ndarray:
    """Round prices like a shop does: to 5 pence below 10 pounds, to 50 pence above."""
    small = np.maximum(np.round(raw / 0.05) * 0.05, 0.05)
    large = np.round(raw / 0.5) * 0.5
    return np.round(np.where(raw < 10.0, small, large), 2)


def _make_catalogue(seed: int) -> _Catalogue:
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 2**31 - 1, 7]))
    n = N_PRODUCTS + N_DISCONTINUED
    numbers = rng.choice(np.arange(10002, 90000), size=n, replace=False)
    suffixed = rng.random(n) < LETTER_SUFFIX_CODE_SHARE
    letters = np.array(list("AABBBCCDDEFGHJKLMNPSW"))[rng.integers(0, 21, size=n)]
    codes = np.where(suffixed, np.char.add(numbers.astype(str), letters), numbers.astype(str))
    words = (
        np.array(_WORDS_ADJ)[rng.integers(0, len(_WORDS_ADJ), size=n)],
        np.array(_WORDS_COLOUR)[rng.integers(0, len(_WORDS_COLOUR), size=n)],
        np.array(_WORDS_NOUN)[rng.integers(0, len(_WORDS_NOUN), size=n)],
    )
    descriptions = np.char.add(np.char.add(np.char.add(words[0], " "), words[1]), " ")
    descriptions = np.char.add(descriptions, words[2])
    padded = rng.random(n) < PADDED_DESCRIPTION_SHARE
    lead = rng.random(n) < 0.3
    descriptions = np.where(
        padded,
        np.where(lead, np.char.add(" ", descriptions), np.char.add(descriptions, " ")),
        descriptions,
    )
    prices = _nice_prices(PRICE_MEDIAN * np.exp(PRICE_SIGMA * rng.standard_normal(n)))
    # Popularity: lognormal weights; suffixed variants are sold less, so that they make
    # LETTER_SUFFIX_LINE_SHARE of the lines while being LETTER_SUFFIX_CODE_SHARE of the codes.
    weight = np.exp(1.2 * rng.standard_normal(N_PRODUCTS))
    share_codes, share_lines = LETTER_SUFFIX_CODE_SHARE, LETTER_SUFFIX_LINE_SHARE
    damp = (share_lines / (1 - share_lines)) / (share_codes / (1 - share_codes))
    weight = np.where(suffixed[:N_PRODUCTS], weight * damp, weight)
    special = NON_PRODUCT_CODES
    codes = np.concatenate([codes, [s[0] for s in special], ["B"]]).astype(object)
    descriptions = np.concatenate(
        [descriptions, [s[1] for s in special], ["Adjust bad debt"]]
    ).astype(object)
    prices = np.concatenate([prices, [s[4] for s in special], [0.0]])
    return _Catalogue(codes, descriptions, prices, np.cumsum(weight) / weight.sum())


def _segment_ids(counts: np.ndarray) -> np.ndarray:
    """Return ``repeat(arange(len(counts)), counts)``."""
    return np.repeat(np.arange(counts.size, dtype=np.int64), counts)


def _rank_within(group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal ``group`` values (sorted groups)."""
    starts = np.cumsum(counts) - counts
    return np.arange(group.size, dtype=np.int64) - np.repeat(starts, counts)


def _draw_minutes_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    hours = np.array(list(HOUR_WEIGHTS))
    weights = np.array(list(HOUR_WEIGHTS.values()), dtype=float)
    hour = rng.choice(hours, size=n, p=weights / weights.sum())
    return hour * 60 + rng.integers(0, 60, size=n)


def _negative_binomial(rng: np.random.Generator, mean: np.ndarray, shape: float) -> np.ndarray:
    """Negative binomial counts with the given means (gamma-Poisson mixture)."""
    mean = np.asarray(mean, dtype=float)
    return rng.poisson(rng.gamma(shape, 1.0, size=mean.shape) * mean / shape)


class _Lines:
    """Column buffers of the lines of one block, filled part by part."""

    def __init__(self) -> None:
        self.parts: list[dict] = []

    def add(self, **columns) -> None:
        n = len(columns["invoice"])
        columns.setdefault("description", None)
        for name, value in list(columns.items()):
            if value is None or np.ndim(value) == 0:
                fill = -2 if name == "description" and value is None else value
                columns[name] = np.full(n, fill)
        self.parts.append(columns)

    def concat(self) -> dict:
        names = self.parts[0].keys()
        return {name: np.concatenate([part[name] for part in self.parts]) for name in names}


_COUNTRIES = np.array(list(CUSTOMER_COUNTRY_COUNTS), dtype=object)
_COUNTRY_P = np.array(list(CUSTOMER_COUNTRY_COUNTS.values()), dtype=float)
_COUNTRY_P /= _COUNTRY_P.sum()
_UK = 0  # index of "United Kingdom" in _COUNTRIES


def _draw_products(
    rng: np.random.Generator, catalogue: _Catalogue, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``counts[i]`` products for invoice ``i`` by popularity, at most once per invoice.

    Returns the invoice and product index of every line, lines of an invoice in random order.
    """
    invoice = _segment_ids(counts)
    product = np.searchsorted(catalogue.cumulative_popularity, rng.random(invoice.size))
    product = np.minimum(product, N_PRODUCTS - 1)
    key = np.unique(invoice * N_PRODUCTS + product)
    invoice, product = key // N_PRODUCTS, key % N_PRODUCTS
    order = np.lexsort((rng.random(invoice.size), invoice))
    return invoice[order], product[order]


def _later_minutes(
    rng: np.random.Generator, minute: np.ndarray, n_days: int, same_day_share: float
) -> np.ndarray:
    """Times of cancellations made after purchases at ``minute`` (minutes from the start)."""
    day = minute // 1440
    delay = np.ceil(CANCELLATION_MEDIAN_DELAY_DAYS * np.exp(1.2 * rng.standard_normal(day.size)))
    later_day = day + delay.astype(np.int64)
    same_day = (rng.random(day.size) < same_day_share) | (later_day >= n_days)
    same = np.minimum(minute + rng.integers(5, 240, size=day.size), day * 1440 + 1439)
    other = later_day * 1440 + _draw_minutes_of_day(rng, day.size)
    return np.where(same_day, same, other)


def _block_transactions(
    block: int,
    n: int,
    block_start: int,
    params: TrueParameters,
    n_days: int,
    acquisition_spread: float,
    lines_per_invoice: float,
    seed: int,
    catalogue: _Catalogue,
) -> tuple[dict, dict]:
    """Invoices and lines of one block of customers, with the quirks.

    Returns two dicts of equal-length arrays: invoices (``minute``, ``kind`` 0 purchase /
    1 cancellation / 2 bad-debt adjustment, ``customer`` as float with NaN for none,
    ``country`` index) and lines (``invoice`` index, ``code`` index into the catalogue,
    ``description`` -2 catalogue / -1 null / >= 0 index into ADJUSTMENT_DESCRIPTIONS,
    ``quantity``, ``price``).
    """
    customer, day, spend, _ = _simulate_block(
        n, params, n_days, acquisition_spread, _block_rng(seed, block, 0)
    )
    rng = _block_rng(seed, block, 1)
    n_countries = _COUNTRIES.size
    inv_minute, inv_kind, inv_customer, inv_country = [], [], [], []

    def new_invoices(minute, kind, cust, country) -> np.ndarray:
        first = sum(part.size for part in inv_minute)
        inv_minute.append(np.asarray(minute, dtype=np.int64))
        size = inv_minute[-1].size
        inv_kind.append(np.broadcast_to(np.int8(kind), size).copy())
        inv_customer.append(np.broadcast_to(np.asarray(cust, dtype=float), size).copy())
        inv_country.append(np.broadcast_to(np.asarray(country, dtype=np.int64), size).copy())
        return np.arange(first, first + size, dtype=np.int64)

    lines = _Lines()

    # Customers: one country, a few move to a second one from some day on.
    home = rng.choice(n_countries, size=n, p=_COUNTRY_P)
    other = (home + rng.integers(1, n_countries, size=n)) % n_countries
    moves = rng.random(n) < SECOND_COUNTRY_CUSTOMER_SHARE
    move_day = rng.integers(0, n_days, size=n)
    country = np.where(
        moves[customer] & (day >= move_day[customer]), other[customer], home[customer]
    )
    cust_id = (block_start + customer + FIRST_CUSTOMER_ID).astype(float)
    purchase_minute = day * 1440 + _draw_minutes_of_day(rng, day.size)
    purchase = new_invoices(purchase_minute, 0, cust_id, country)

    # Purchase lines: more lines for bigger spends; products at most once per invoice. The
    # day's spend is split over the lines with Dirichlet-like weights and turned into whole
    # quantities by unbiased random rounding, so the expected total is the spend; lines rounded
    # to nothing are dropped (hence more lines drawn than wanted), except the last line of the
    # invoice, which keeps at least 1.
    size_factor = np.sqrt(spend) / np.sqrt(spend).mean()
    drawn_mean = (lines_per_invoice - 1.0) * _DRAWN_LINES_FACTOR
    wanted = 1 + _negative_binomial(rng, drawn_mean * size_factor, 1.3)
    line_inv, product = _draw_products(rng, catalogue, np.minimum(wanted, 900))
    n_drawn = np.bincount(line_inv, minlength=purchase.size)
    weight = rng.gamma(0.6, 1.0, size=line_inv.size)
    share = weight / np.bincount(line_inv, weights=weight, minlength=purchase.size)[line_inv]
    price = catalogue.prices[product]
    quantity = np.floor(spend[line_inv] * share / price + rng.random(line_inv.size))
    quantity = quantity.astype(np.int64)
    last = _rank_within(line_inv, n_drawn) == n_drawn[line_inv] - 1
    quantity = np.where(last, np.maximum(quantity, 1), quantity)
    keep = quantity > 0
    line_inv, product, price, quantity = line_inv[keep], product[keep], price[keep], quantity[keep]
    n_lines = np.bincount(line_inv, minlength=purchase.size)
    rank = _rank_within(line_inv, n_lines)
    other_quirks = CANCELLATION_LINE_SHARE + ADJUSTMENT_LINE_SHARE + DUPLICATE_LINE_SHARE
    est_total = line_inv.size / (1.0 - NO_CUSTOMER_LINE_SHARE - other_quirks)

    # Matched cancellations (C invoice later than the purchase, same customer): a partial one
    # cancels an amount that was added to a purchase line; a full one cancels a line added to
    # the invoice for it. Purchases net of matched cancellations thus keep the true spend.
    events = CANCELLATION_LINE_SHARE * est_total / LINES_PER_CANCELLATION / purchase.size
    matched = rng.random(purchase.size) < events * (1.0 - CANCELLATION_PREDATES_SHARE)
    n_cancel = np.where(matched, 1 + rng.poisson(LINES_PER_CANCELLATION - 1, purchase.size), 0)
    n_full = rng.binomial(n_cancel, CANCELLATION_FULL_SHARE)
    n_partial = np.minimum(n_cancel - n_full, n_lines)
    partial = rank < n_partial[line_inv]
    extra = np.where(
        partial,
        np.maximum(np.rint(rng.uniform(0.05, 1.0, line_inv.size) * quantity), 1).astype(np.int64),
        0,
    )
    full_inv, full_product = _draw_products(rng, catalogue, n_full)
    clash = np.isin(full_inv * N_PRODUCTS + full_product, line_inv * N_PRODUCTS + product)
    full_inv, full_product = full_inv[~clash], full_product[~clash]
    full_price = catalogue.prices[full_product]
    typical = spend[full_inv] / np.maximum(n_lines[full_inv], 1)
    full_quantity = np.maximum(
        np.rint(typical * rng.gamma(0.6, 1 / 0.6, full_inv.size) / full_price), 1
    )
    full_quantity = full_quantity.astype(np.int64)
    lines.add(invoice=line_inv, code=product, quantity=quantity + extra, price=price)
    lines.add(invoice=full_inv, code=full_product, quantity=full_quantity, price=full_price)

    cancel_inv = new_invoices(
        _later_minutes(rng, purchase_minute[matched], n_days, CANCELLATION_SAME_DAY_SHARE),
        1,
        cust_id[matched],
        country[matched],
    )
    inv_map = np.full(purchase.size, -1, dtype=np.int64)
    inv_map[purchase[matched]] = cancel_inv
    lines.add(
        invoice=inv_map[np.concatenate([line_inv[partial], full_inv])],
        code=np.concatenate([product[partial], full_product]),
        quantity=-np.concatenate([extra[partial], full_quantity]),
        price=np.concatenate([price[partial], full_price]),
    )
    # A cancellation invoice may have lost all its lines to clashes: it then stays unused.

    # Cancellations of purchases older than the data: discontinued products, never sold here.
    predates = (rng.random(purchase.size) < events * CANCELLATION_PREDATES_SHARE) & ~matched
    old_inv = new_invoices(
        _later_minutes(rng, purchase_minute[predates], n_days, CANCELLATION_SAME_DAY_SHARE),
        1,
        cust_id[predates],
        country[predates],
    )
    old_counts = np.minimum(1 + rng.poisson(LINES_PER_CANCELLATION - 1, old_inv.size), 20)
    old_line_inv = _segment_ids(old_counts)
    start_code = rng.integers(0, N_DISCONTINUED, size=old_inv.size)
    old_code = N_PRODUCTS + (start_code[old_line_inv] + _rank_within(old_line_inv, old_counts)) % (
        N_DISCONTINUED
    )
    lines.add(
        invoice=old_inv[old_line_inv],
        code=old_code,
        quantity=-rng.geometric(0.15, size=old_code.size).astype(np.int64),
        price=catalogue.prices[old_code],
    )
    customer_cancel_inv = np.concatenate([cancel_inv, old_inv])

    # Invoices without customer: mostly single lines, some big "dotcom" orders.
    mean_lines = (
        NO_CUSTOMER_SMALL_INVOICE_SHARE * NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES
        + (1 - NO_CUSTOMER_SMALL_INVOICE_SHARE) * NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES
    )
    n_anon = rng.poisson(NO_CUSTOMER_LINE_SHARE * est_total / mean_lines)
    small = rng.random(n_anon) < NO_CUSTOMER_SMALL_INVOICE_SHARE
    anon_counts = 1 + np.where(
        small,
        rng.poisson(NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES - 1, n_anon),
        _negative_binomial(rng, np.full(n_anon, NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES - 1), 0.8),
    )
    anon_country = np.where(
        rng.random(n_anon) < NO_CUSTOMER_FOREIGN_SHARE,
        rng.choice(n_countries, size=n_anon, p=_COUNTRY_P),
        _UK,
    )
    anon_minute = rng.integers(0, n_days, n_anon) * 1440 + _draw_minutes_of_day(rng, n_anon)
    anon = new_invoices(anon_minute, 0, np.nan, anon_country)
    anon_line_inv, anon_product = _draw_products(rng, catalogue, np.minimum(anon_counts, 2000))
    anon_price = _nice_prices(catalogue.prices[anon_product] * NO_CUSTOMER_PRICE_FACTOR)
    zero_share = ZERO_PRICE_LINE_SHARE / NO_CUSTOMER_LINE_SHARE
    anon_price = np.where(rng.random(anon_price.size) < zero_share, 0.0, anon_price)
    lines.add(
        invoice=anon[anon_line_inv],
        code=anon_product,
        quantity=rng.geometric(0.55, size=anon_product.size).astype(np.int64),
        price=anon_price,
    )

    # Negative quantities that are not cancellations: damages, stock checks; no customer.
    n_adjust = rng.poisson(ADJUSTMENT_LINE_SHARE * est_total)
    adjust_minute = rng.integers(0, n_days, n_adjust) * 1440 + _draw_minutes_of_day(rng, n_adjust)
    adjust = new_invoices(adjust_minute, 0, np.nan, _UK)
    description = np.where(
        rng.random(n_adjust) < ADJUSTMENT_NULL_DESCRIPTION_SHARE,
        -1,
        rng.integers(0, len(ADJUSTMENT_DESCRIPTIONS), n_adjust),
    )
    adjust_quantity = np.rint(
        ADJUSTMENT_MEDIAN_QUANTITY * np.exp(1.3 * rng.standard_normal(n_adjust))
    )
    lines.add(
        invoice=adjust,
        code=rng.integers(0, N_PRODUCTS, n_adjust),
        description=description,
        quantity=-np.maximum(adjust_quantity, 1).astype(np.int64),
        price=0.0,
    )

    # Rare quirks; block 0 (in every file) holds at least one of each.
    at_least = 1 if block == 0 else 0
    n_bad = max(rng.poisson(BAD_DEBT_LINE_SHARE * est_total), at_least)
    bad_minute = rng.integers(0, n_days, n_bad) * 1440 + _draw_minutes_of_day(rng, n_bad)
    lines.add(
        invoice=new_invoices(bad_minute, 2, np.nan, _UK),
        code=catalogue.codes.size - 1,
        quantity=1,
        price=-np.round(rng.uniform(10_000, 55_000, n_bad), 2),
    )
    n_extreme = min(
        max(rng.poisson(EXTREME_QUANTITY_PAIR_SHARE * est_total), at_least), purchase.size
    )
    host = rng.choice(purchase.size, size=n_extreme, replace=False)
    cheap = np.flatnonzero(catalogue.prices[:N_PRODUCTS] <= 2.5)
    extreme_code = cheap[rng.integers(0, cheap.size, n_extreme)]
    extreme_quantity = rng.integers(10_000, 81_000, n_extreme)
    extreme_cancel = new_invoices(
        np.minimum(
            purchase_minute[host] + rng.integers(5, 30, n_extreme),
            purchase_minute[host] // 1440 * 1440 + 1439,
        ),
        1,
        cust_id[host],
        country[host],
    )
    for invoice, sign in ((purchase[host], 1), (extreme_cancel, -1)):
        lines.add(
            invoice=invoice,
            code=extreme_code,
            quantity=sign * extreme_quantity,
            price=catalogue.prices[extreme_code],
        )

    # Non-product codes (postage, manual, fees, vouchers, tests) on their usual invoices.
    foreign = purchase[country != _UK]
    for offset, (_, _, share, where, median, sigma, qty) in enumerate(NON_PRODUCT_CODES):
        k = rng.poisson(share * est_total)
        if where == "anonymous_cancel":
            minute = rng.integers(0, n_days, k) * 1440 + _draw_minutes_of_day(rng, k)
            hosts = new_invoices(minute, 1, np.nan, _UK)
        else:
            pool = {
                "foreign": foreign,
                "customer": purchase,
                "anonymous": anon,
                "cancel": customer_cancel_inv,
            }[where]
            hosts = rng.choice(pool, size=min(k, pool.size), replace=False)
        code_price = np.full(hosts.size, median) * np.exp(sigma * rng.standard_normal(hosts.size))
        code_quantity = rng.integers(1, 4, hosts.size) if qty == 2 else np.full(hosts.size, qty)
        lines.add(
            invoice=hosts,
            code=catalogue.first_special + offset,
            quantity=code_quantity.astype(np.int64),
            price=_nice_prices(code_price),
        )

    # Exact duplicate lines.
    table = lines.concat()
    n_dup = rng.binomial(table["invoice"].size, DUPLICATE_LINE_SHARE)
    dup = rng.choice(table["invoice"].size, size=n_dup, replace=False)
    table = {name: np.concatenate([values, values[dup]]) for name, values in table.items()}
    invoices = {
        "minute": np.concatenate(inv_minute),
        "kind": np.concatenate(inv_kind),
        "customer": np.concatenate(inv_customer),
        "country": np.concatenate(inv_country),
    }
    return invoices, table


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
    catalogue: _Catalogue,
    first_invoice_number: int,
) -> tuple[pa.Table, int]:
    """Arrow table of the lines of some blocks in invoice-number order, and its invoice count."""
    invoice_parts, line_parts, offset = [], [], 0
    for block in blocks:
        block_start = block * BLOCK_CUSTOMERS
        n = min(BLOCK_CUSTOMERS, n_customers - block_start)
        invoices, lines = _block_transactions(
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
        pa.array(_COUNTRIES, pa.string()).take(pa.array(invoices["country"][inv])),
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
    _check_simulation_arguments(BLOCK_CUSTOMERS, params, acquisition_spread)
    first_day, n_days = _period_days(start, end)
    _, lines = _block_transactions(
        0,
        BLOCK_CUSTOMERS,
        0,
        params,
        n_days,
        float(acquisition_spread),
        float(lines_per_invoice),
        seed,
        _make_catalogue(seed),
    )
    per_customer = lines["invoice"].size / BLOCK_CUSTOMERS
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
    chunk_customers: int = 4 * BLOCK_CUSTOMERS,
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
    quirks of the real file are added at the rates measured on it (module constants):
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
    _check_simulation_arguments(n_customers, params, acquisition_spread)
    if isinstance(chunk_customers, bool) or not isinstance(chunk_customers, (int, np.integer)):
        raise ValueError(f"chunk_customers must be an integer, got {chunk_customers!r}")
    if chunk_customers < 1:
        raise ValueError(f"chunk_customers must be at least 1, got {chunk_customers}")
    if not 1.0 <= float(lines_per_invoice) <= 500.0:
        raise ValueError(f"lines_per_invoice must be in [1, 500], got {lines_per_invoice!r}")
    first_day, n_days = _period_days(start, end)
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"path: the directory {str(path.parent)!r} does not exist")
    json_path = (
        Path(true_parameters_path) if true_parameters_path else true_parameters_path_for(path)
    )
    catalogue = _make_catalogue(seed)
    blocks_per_chunk = -(-int(chunk_customers) // BLOCK_CUSTOMERS)
    n_blocks = -(-int(n_customers) // BLOCK_CUSTOMERS)
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
                done = min(blocks.stop * BLOCK_CUSTOMERS, n_customers)
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
