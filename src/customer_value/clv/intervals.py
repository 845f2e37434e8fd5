"""Predictive intervals for purchases and spend over a horizon, per customer and in total.

Each draw combines the two sources of uncertainty a budget faces:

1. parameter uncertainty: a parametric bootstrap, ``PARAMETER_DRAWS`` draws of the model's
   parameters (each used for an equal share of the predictive draws) from the
   normal approximation of the maximum-likelihood estimate on the log scale (mean
   ``log theta_hat``, covariance ``diag(1/theta) Cov diag(1/theta)`` from the fitted covariance;
   none when the Hessian was not positive definite);
2. the predictive distribution given those parameters, simulated per customer from the
   posterior given the history: alive with probability P(alive); then

   * BG/NBD and MBG/NBD: ``lambda ~ Gamma(r+x, alpha+T)``, ``p ~ Beta(a, b+x+k)`` (k = 1 for
     MBG/NBD), purchases ``min(K, D)`` with ``K ~ Poisson(lambda t)`` and ``D ~ Geometric(p)``
     (the customer drops out right after the D-th purchase; as ``D >= 1``, only a ``K`` of 2
     or more can be cut short, and ``p`` and ``D`` are drawn for those draws alone);
   * Pareto/NBD: ``lambda ~ Gamma(r+x, alpha+T)``, ``mu ~ Gamma(s, beta+T)``, remaining lifetime
     ``tau ~ Exponential(mu)``, purchases ``~ Poisson(lambda min(t, tau))``;
   * spend: Gamma-Gamma posterior ``nu ~ Gamma(p x + q, gamma + m x)`` and the sum of ``n``
     purchases ``~ Gamma(p n, nu)`` (the population mean spend per purchase without
     Gamma-Gamma).

Only what a draw needs is simulated: the purchase process of the customers alive in it, and spend
where it has purchases (the others are 0); P(alive) is computed once per distinct history
``(x, t_x, T)`` of all the customers and parameter draw, before the customers are simulated in
chunks.

Intervals are the draws' quantiles; totals are the quantiles of the per-draw sums over customers
(so they carry the parameter uncertainty shared by all customers).

Purchases are counts, so ``[q10, q90]`` holds an actual count with probability above 80% (most
customers make 0 purchases and most intervals include 0). Given the actual outcomes, the
randomized probability integral transform ``u = F(y-) + V (F(y) - F(y-))``, ``V ~ U(0, 1)``
(Czado, Gneiting & Held 2009) is uniform under a correct model for discrete and continuous
outcomes alike, so the share of customers with ``0.1 <= u <= 0.9`` is the coverage of an exact
80% predictive interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Central interval probability.
INTERVAL = 0.8
#: Simulated draws per customer.
DEFAULT_DRAWS = 200
#: Parameter draws (each shared by DEFAULT_DRAWS / PARAMETER_DRAWS predictive draws: P(alive)
#: is computed once per parameter draw, the costly step for Pareto/NBD).
PARAMETER_DRAWS = 20
#: Customers simulated at once (memory: customers x draws x 8 bytes per array).
CHUNK_CUSTOMERS = 20_000


@dataclass(frozen=True)
class PredictiveIntervals:
    """Per-customer ``purchases_lower/upper``, ``spend_lower/upper`` (aligned with the fitting
    summary) and the interval of the totals over customers."""

    purchases_lower: np.ndarray
    purchases_upper: np.ndarray
    spend_lower: np.ndarray
    spend_upper: np.ndarray
    total_purchases: tuple[float, float]
    total_spend: tuple[float, float]
    purchases_pit: np.ndarray | None = None
    spend_pit: np.ndarray | None = None


def _parameter_draws(model, n_draws: int, rng) -> np.ndarray:
    theta = model.params_.to_numpy()
    cov = model.covariance_.to_numpy()
    if not np.all(np.isfinite(cov)):
        return np.tile(theta, (n_draws, 1))
    log_cov = cov / np.outer(theta, theta)
    return np.exp(rng.multivariate_normal(np.log(theta), log_cov, size=n_draws))


def _distinct_histories(x, tx, T):
    """The distinct ``(x, t_x, T)`` rows and, per customer, the index of its row: P(alive)
    depends on the history alone, and many customers share one (every one-time buyer of a
    day), so it is computed once per distinct history."""
    histories, inverse = np.unique(np.column_stack([x, tx, T]), axis=0, return_inverse=True)
    return histories, inverse.reshape(-1)


def _history_arrays(summary) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(summary[name].to_numpy(dtype=float) for name in ("frequency", "recency", "T"))


@dataclass(frozen=True)
class AliveProbabilities:
    """P(alive) per distinct parameter draw and distinct history: ``by_history[row_of_draw[j]]``
    holds draw ``j``'s, ``of_customer`` each customer's history."""

    by_history: np.ndarray
    row_of_draw: np.ndarray
    of_customer: np.ndarray

    def of_customers(self, start: int, stop: int) -> AliveProbabilities:
        """The same for customers ``start:stop`` alone."""
        return AliveProbabilities(self.by_history, self.row_of_draw, self.of_customer[start:stop])


def alive_probabilities(model, thetas, summary) -> AliveProbabilities:
    """P(alive) of ``summary``'s customers under each row of ``thetas``, computed once per
    distinct row and distinct history."""
    histories, of_customer = _distinct_histories(*_history_arrays(summary))
    distinct, row_of_draw = np.unique(thetas, axis=0, return_inverse=True)
    by_history = model.probability_alive_under(distinct, *histories.T)
    return AliveProbabilities(by_history, row_of_draw.reshape(-1), of_customer)


def _purchase_draws(model, thetas, summary, t: float, rng, alive=None) -> np.ndarray:
    """Purchases in ``(T, T + t]``, one row per customer of ``summary`` and one column per row
    of ``thetas``; ``alive``: their :func:`alive_probabilities` (computed here when not given)."""
    x, _, T = _history_arrays(summary)
    n = len(x)
    alive = alive_probabilities(model, thetas, summary) if alive is None else alive
    # one row per draw while drawing (contiguous writes), one row per customer when returned
    out = np.zeros((len(thetas), n))
    p_alive, row = None, None
    for j, theta in enumerate(thetas):
        if alive.row_of_draw[j] != row:
            row = alive.row_of_draw[j]
            p_alive = alive.by_history[row][alive.of_customer]
        # only the customers alive in this draw buy: the others' count stays 0
        alive_customers = np.flatnonzero(rng.random(n) < p_alive)
        xa, Ta, n_alive = x[alive_customers], T[alive_customers], len(alive_customers)
        if "s" in model.params_.index:  # Pareto/NBD
            r, alpha, s, beta = theta
            lam = rng.standard_gamma(r + xa) * (1.0 / (alpha + Ta))
            # a vanishing draw of mu (tiny s) is a customer who never drops out
            mu = np.maximum(rng.standard_gamma(s, n_alive) * (1.0 / (beta + Ta)), 1e-300)
            active = np.minimum(t, rng.standard_exponential(n_alive) * (1.0 / mu))
            out[j, alive_customers] = rng.poisson(lam * active)
        else:
            r, alpha, a, b = theta
            lam = rng.standard_gamma(r + xa) * (1.0 / (alpha + Ta))
            purchases = rng.poisson(lam * t)
            # D >= 1 cuts only a count of 2 or more short: p and D are drawn for those alone
            several = np.flatnonzero(purchases >= 2)
            # a Beta draw can underflow to 0 (tiny a): that customer never drops out
            p = rng.beta(a, b + xa[several] + getattr(model, "_k", 0))
            dropout = rng.geometric(np.clip(p, 1e-12, 1.0))
            purchases[several] = np.minimum(purchases[several], dropout)
            out[j, alive_customers] = purchases
    return np.ascontiguousarray(out.T)


def _spend_draws(thetas, fallback: float, summary, purchases: np.ndarray, rng) -> np.ndarray:
    if thetas is None:
        return purchases * fallback
    x = summary["frequency"].to_numpy(dtype=float)
    m = summary["monetary_value"].to_numpy(dtype=float)
    # only the draws with purchases spend: the customer's spend rate nu and the sum of the
    # purchases are drawn for those cells alone
    customer, draw = np.nonzero(purchases > 0)
    p, q, g = (thetas[draw, i] for i in range(3))
    xc = x[customer]
    nu = rng.standard_gamma(p * xc + q) * (1.0 / (g + m[customer] * xc))
    spend = np.zeros_like(purchases)
    spend[customer, draw] = rng.standard_gamma(p * purchases[customer, draw]) * (1.0 / nu)
    return spend


def _row_quantiles(draws: np.ndarray, probabilities) -> np.ndarray:
    """Each row's quantiles, linearly interpolated between order statistics (numpy's default
    "linear" method), from one sort of the rows: several times faster than ``np.quantile``
    along rows, which partitions each row again."""
    ordered = np.sort(draws, axis=1)
    last = ordered.shape[1] - 1
    rows = []
    for probability in probabilities:
        position = probability * last
        below = int(np.floor(position))
        above = min(below + 1, last)
        weight = position - below
        rows.append(ordered[:, below] + weight * (ordered[:, above] - ordered[:, below]))
    return np.vstack(rows)


def _randomized_pit(draws: np.ndarray, actual: np.ndarray, rng) -> np.ndarray:
    below = np.mean(draws < actual[:, None], axis=1)
    at_or_below = np.mean(draws <= actual[:, None], axis=1)
    return below + rng.random(len(actual)) * (at_or_below - below)


def predictive_intervals(
    model,
    summary: pd.DataFrame,
    t: float,
    gamma_gamma=None,
    fallback_spend: float = 0.0,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = 42,
    actual: pd.DataFrame | None = None,
) -> PredictiveIntervals:
    """Simulated 80% intervals of purchases and spend in ``(T, T + t]`` (module docstring).

    Parameters
    ----------
    model : BetaGeoModel, ModifiedBetaGeoModel or ParetoNBDModel
        Fitted purchase model (``covariance_`` for the parameter draws).
    summary : pandas.DataFrame
        ``frequency``, ``recency``, ``T`` and ``monetary_value`` as the models were fitted on.
    t : float
        Horizon in the model's time unit.
    gamma_gamma : GammaGammaModel, optional
    fallback_spend : float
        Spend per purchase when ``gamma_gamma`` is None.
    n_draws : int
    seed : int
    actual : pandas.DataFrame, optional
        ``purchases`` and ``spend`` actually observed over the horizon (aligned with
        ``summary``): adds their randomized PIT values (module docstring).
    """
    rng = np.random.default_rng(seed)
    n_params = min(PARAMETER_DRAWS, int(n_draws))
    repeat = int(np.ceil(int(n_draws) / n_params))
    thetas = np.repeat(_parameter_draws(model, n_params, rng), repeat, axis=0)[: int(n_draws)]
    spend_thetas = None
    if gamma_gamma is not None:
        spend_thetas = np.repeat(_parameter_draws(gamma_gamma, n_params, rng), repeat, axis=0)
        spend_thetas = spend_thetas[: int(n_draws)]
    low, high = (1.0 - INTERVAL) / 2.0, (1.0 + INTERVAL) / 2.0
    bounds = np.empty((4, len(summary)))
    total_p = np.zeros(int(n_draws))
    total_s = np.zeros(int(n_draws))
    pits = np.full((2, len(summary)), np.nan)
    alive = alive_probabilities(model, thetas, summary)
    for start in range(0, len(summary), CHUNK_CUSTOMERS):
        part = summary.iloc[start : start + CHUNK_CUSTOMERS]
        part_alive = alive.of_customers(start, start + len(part))
        purchases = _purchase_draws(model, thetas, part, float(t), rng, part_alive)
        spend = _spend_draws(spend_thetas, fallback_spend, part, purchases, rng)
        stop = start + len(part)
        bounds[0:2, start:stop] = _row_quantiles(purchases, [low, high])
        bounds[2:4, start:stop] = _row_quantiles(spend, [low, high])
        total_p += purchases.sum(axis=0)
        total_s += spend.sum(axis=0)
        if actual is not None:
            observed = actual.iloc[start:stop]
            pits[0, start:stop] = _randomized_pit(purchases, observed["purchases"].to_numpy(), rng)
            pits[1, start:stop] = _randomized_pit(spend, observed["spend"].to_numpy(), rng)
    totals_p = np.quantile(total_p, [low, high])
    totals_s = np.quantile(total_s, [low, high])
    totals = (tuple(map(float, totals_p)), tuple(map(float, totals_s)))
    return PredictiveIntervals(*bounds, *totals, *pits)
