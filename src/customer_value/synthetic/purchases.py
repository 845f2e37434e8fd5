"""The true purchase process of the synthetic customers: BG/NBD purchases and Gamma-Gamma spend.

:func:`simulate_customer_purchases` gives one row per customer and purchase day, without the
quirks of the real data, for model tests (known-parameter recovery);
:mod:`customer_value.synthetic.writer` expands the same purchase days into retail lines.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd


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


def period_days(start: str, end: str) -> tuple[np.datetime64, int]:
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


def check_simulation_arguments(n_customers, params, acquisition_spread) -> None:
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)):
        raise ValueError(f"n_customers must be an integer, got {n_customers!r}")
    if n_customers < 1:
        raise ValueError(f"n_customers must be at least 1, got {n_customers}")
    if not isinstance(params, TrueParameters):
        raise ValueError(f"params must be a TrueParameters, got {type(params).__name__}")
    if not 0.0 <= float(acquisition_spread) <= 1.0:
        raise ValueError(f"acquisition_spread must be in [0, 1], got {acquisition_spread!r}")


def block_rng(seed: int, block: int, stream: int) -> np.random.Generator:
    """Random generator of one block of customers; stream 0 = purchases, 1 = line details."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(block), int(stream)]))


def simulate_block(
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
    check_simulation_arguments(n_customers, params, acquisition_spread)
    first, n_days = period_days(start, end)
    parts = []
    for block, block_start in enumerate(range(0, n_customers, BLOCK_CUSTOMERS)):
        n = min(BLOCK_CUSTOMERS, n_customers - block_start)
        customer, day, spend, _ = simulate_block(
            n, params, n_days, float(acquisition_spread), block_rng(seed, block, 0)
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
