"""Direct simulation of RFM summaries from the BG/NBD (or MBG/NBD) and Gamma-Gamma models.

This skips the transaction lines: it draws each customer's (frequency, recency, T,
monetary_value) from the model in continuous time, which is fast enough for millions of
customers (benchmarks, gradient checks). For line-level data with day resolution use
``customer_value.synthetic.simulate_customer_purchases``.

Per customer: ``lambda ~ Gamma(r, rate=alpha)``, ``p ~ Beta(a, b)``, ``T ~ U(0, T_max]``.
The number of Poisson events in ``(0, T]`` is ``N ~ Poisson(lambda T)``; the customer
drops out after the ``J``-th repeat purchase with ``J ~ Geometric(p)`` on {1, 2, ...}
(BG/NBD) or on {0, 1, ...} (MBG/NBD, drop-out possible at time 0). Then ``x = min(N, J)``
and, given ``N``, the event times are uniform order statistics, so ``t_x = T *
Beta(x, N - x + 1)``. Spend: ``nu ~ Gamma(q, rate=gamma)`` and the sum of ``x`` transactions
is ``Gamma(p x, rate=nu)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_summary(
    n_customers: int,
    r: float = 0.25,
    alpha: float = 4.0,
    a: float = 0.8,
    b: float = 2.5,
    p: float = 6.0,
    q: float = 4.0,
    gamma: float = 15.0,
    T_max: float = 104.0,
    modified: bool = False,
    seed: int = 42,
) -> pd.DataFrame:
    """Simulate an RFM summary (see the module docstring).

    Returns a DataFrame with ``customer_id``, ``frequency``, ``recency``, ``T``,
    ``monetary_value`` in the unit of ``alpha`` and ``T_max``.
    """
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    lam = rng.gamma(r, 1.0 / alpha, n)
    drop = rng.beta(a, b, n)
    T = rng.uniform(0.0, T_max, n)
    T = np.where(T == 0, T_max, T)
    events = rng.poisson(lam * T)
    until_drop = rng.geometric(drop) - (1 if modified else 0)
    x = np.minimum(events, until_drop)
    tx = np.zeros(n)
    has = x > 0
    tx[has] = T[has] * rng.beta(x[has], events[has] - x[has] + 1)
    nu = rng.gamma(q, 1.0 / gamma, n)
    m = np.zeros(n)
    m[has] = rng.gamma(p * x[has], 1.0 / nu[has]) / x[has]
    return pd.DataFrame(
        {
            "customer_id": np.char.add("c", np.arange(n).astype(str)),
            "frequency": x.astype(np.int64),
            "recency": tx,
            "T": T,
            "monetary_value": m,
        }
    )


def simulate_pareto_summary(
    n_customers: int,
    r: float = 0.55,
    alpha: float = 10.6,
    s: float = 0.6,
    beta: float = 11.7,
    T_max: float = 39.0,
    seed: int = 42,
) -> pd.DataFrame:
    """Simulate a Pareto/NBD RFM summary (Schmittlein, Morrison & Colombo 1987).

    Per customer: ``lambda ~ Gamma(r, rate=alpha)``, ``mu ~ Gamma(s, rate=beta)``, lifetime
    ``tau ~ Exponential(mu)``, ``T ~ U(0, T_max]``; ``x ~ Poisson(lambda * min(tau, T))`` and,
    given ``x > 0``, ``t_x`` is the largest of ``x`` uniform times on ``(0, min(tau, T))``.
    Defaults are close to the published CDNOW estimates (weeks). Returns ``customer_id``,
    ``frequency``, ``recency``, ``T``.
    """
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    lam = rng.gamma(r, 1.0 / alpha, n)
    mu = rng.gamma(s, 1.0 / beta, n)
    T = rng.uniform(0.0, T_max, n)
    T = np.where(T == 0, T_max, T)
    active = np.minimum(rng.exponential(1.0 / mu), T)
    x = rng.poisson(lam * active)
    tx = np.zeros(n)
    has = x > 0
    tx[has] = active[has] * rng.beta(x[has], 1.0)
    return pd.DataFrame(
        {
            "customer_id": np.char.add("c", np.arange(n).astype(str)),
            "frequency": x.astype(np.int64),
            "recency": tx,
            "T": T,
        }
    )
