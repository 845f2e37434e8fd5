"""Pareto/NBD model: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are
they and what will they do next?", Management Science 33(1), 1-24; likelihood as in Fader,
Hardie & Lee (2005c), "A note on deriving the Pareto/NBD model and related expressions".

While active a customer buys as a Poisson process with rate ``lambda ~ Gamma(r, alpha)``; the
unobserved lifetime is exponential with rate ``mu ~ Gamma(s, beta)``, independent of ``lambda``.
The individual likelihood (FHL 2005c, eq. 19 with its integral left unevaluated) is

    L = Gamma(r+x) alpha^r beta^s / Gamma(r)
        * [ (alpha+T)^-(r+x) (beta+T)^-s + s * (I(t_x) - I(T)) ],
    I(y) = integral_y^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du.

``I`` is a Gauss hypergeometric function (FHL 2005c, eqs. 21-22); after Euler's transformation
``2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z)`` it reads, with ``m = r+s+x``,

    alpha >= beta:  m I(y) = (alpha+y)^-(r+x) (beta+y)^-s 2F1(1, r+x; m+1; z),
                    z = (alpha-beta)/(alpha+y)
    alpha <  beta:  m I(y) = (alpha+y)^(1-r-x) (beta+y)^-(s+1) 2F1(1, s+1; m+1; z),
                    z = (beta-alpha)/(beta+y)

whose series has positive terms bounded by ``1 / (1 - z)``: no large powers, so customers with
hundreds of purchases neither overflow nor underflow. Everything is summed on the log scale.
``I(t_x)`` depends on the pair ``(x, t_x)`` alone and ``I(T)`` on ``(x, T)``, and customers share
pairs far more often than whole histories (651,529 generated customers: 431,581 distinct
histories, 21,755 ``(x, t_x)`` and 21,603 ``(x, T)`` pairs), so each is evaluated once per
distinct pair: the same numbers, elementwise, for a twentieth of the hypergeometric functions.
The gradient is by central differences on the log-parameters (the hypergeometric function has
no cheap parameter derivatives); the optimiser and standard errors are the shared machinery of
:mod:`customer_value.clv._optimize`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln, hyp2f1

from customer_value.clv._purchase_model import AggregatedData, PurchaseModel

PARAM_NAMES = ("r", "alpha", "s", "beta")
#: Dimensionless shape parameters the penalizer applies to (alpha, beta are in the time unit).
PENALIZED = ("r", "s")
#: Relative step of the central-difference gradient (on log-parameters).
GRADIENT_STEP = 1e-5


def _log_m_integral(theta, x, y):
    """``log(m * I(y))`` of the module docstring, elementwise."""
    r, alpha, s, beta = theta
    m = r + s + x
    if alpha >= beta:
        z = (alpha - beta) / (alpha + y)
        return (
            -(r + x) * np.log(alpha + y)
            - s * np.log(beta + y)
            + np.log(hyp2f1(1.0, r + x, m + 1.0, z))
        )
    z = (beta - alpha) / (beta + y)
    return (
        (1.0 - r - x) * np.log(alpha + y)
        - (s + 1.0) * np.log(beta + y)
        + np.log(hyp2f1(1.0, s + 1.0, m + 1.0, z))
    )


class HistoryPairs:
    """The distinct ``(x, t_x)`` and ``(x, T)`` pairs of some histories, and each history's pair
    (the module docstring: ``I`` is evaluated once per pair)."""

    def __init__(self, x, tx, T):
        self.at_tx = _distinct_pairs(x, tx)
        self.at_T = _distinct_pairs(x, T)


def _distinct_pairs(x, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct ``(x, y)`` pairs as two arrays, and the position of each element's pair."""
    frame = pd.DataFrame({"x": x, "y": y})
    position = frame.groupby(["x", "y"], sort=False, dropna=False).ngroup().to_numpy()
    example = np.zeros(position.max() + 1 if position.size else 0, dtype=np.int64)
    example[position] = np.arange(position.size)
    return np.asarray(x)[example], np.asarray(y)[example], position


def _log_m_integral_of_pairs(theta, pairs) -> np.ndarray:
    x, y, position = pairs
    return _log_m_integral(theta, x, y)[position]


def _log_bracket_terms(theta, x, tx, T, pairs: HistoryPairs | None = None):
    """``log`` of the bracket's first term and of ``s (I(t_x) - I(T))`` (P(alive) uses both);
    ``pairs`` are those of ``x, tx, T`` (found here when not given)."""
    r, alpha, s, beta = theta
    m = r + s + x
    first = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    pairs = HistoryPairs(x, tx, T) if pairs is None else pairs
    at_tx = _log_m_integral_of_pairs(theta, pairs.at_tx)
    at_T = _log_m_integral_of_pairs(theta, pairs.at_T)
    # s (I(tx) - I(T)) = s/m * (e^at_tx - e^at_T), with at_tx >= at_T (-inf when t_x = T)
    with np.errstate(divide="ignore"):
        second = np.log(s / m) + at_tx + np.log1p(-np.exp(np.minimum(at_T - at_tx, 0.0)))
    return first, second


def log_likelihood_terms(theta, x, tx, T, pairs: HistoryPairs | None = None) -> np.ndarray:
    """Individual Pareto/NBD log-likelihoods (module docstring), elementwise; ``pairs`` as for
    the bracket."""
    r, alpha, s, beta = theta
    # far from the optimum the hypergeometric series can overflow: the optimiser then sees a
    # non-finite objective and steps back
    with np.errstate(invalid="ignore", over="ignore"):
        first, second = _log_bracket_terms(theta, x, tx, T, pairs)
        common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        return common + np.logaddexp(first, second)


def negative_log_likelihood(theta, data: AggregatedData) -> tuple[float, np.ndarray]:
    """Total negative log-likelihood and its central-difference gradient w.r.t. theta."""
    theta = np.asarray(theta, dtype=float)
    pairs = _pairs_of(data)

    def total(t):
        return -float(np.dot(data.w, log_likelihood_terms(t, data.x, data.tx, data.T, pairs)))

    value = total(theta)
    grad = np.empty(theta.size)
    for j in range(theta.size):
        h = GRADIENT_STEP * theta[j]
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        grad[j] = (total(up) - total(down)) / (2.0 * h)
    return value, grad


def _probability_alive(theta, x, tx, T, pairs: HistoryPairs | None = None) -> np.ndarray:
    """P(alive at T): the bracket's first term over the whole bracket (FHL 2005c, eq. 18)."""
    first, second = _log_bracket_terms(theta, x, tx, T, pairs)
    return np.exp(first - np.logaddexp(first, second))


def _pairs_of(data: AggregatedData) -> HistoryPairs:
    """The pairs of the fit's histories, found at the first evaluation and kept with them."""
    if data.pareto_pairs is None:
        data.pareto_pairs = HistoryPairs(data.x, data.tx, data.T)
    return data.pareto_pairs


class ParetoNBDModel(PurchaseModel):
    """Pareto/NBD model of repeat purchasing (module docstring).

    Parameters
    ----------
    penalizer : float, default 0
        L2 penalty on log r and log s (shapes only; alpha and beta, in the time unit, are not
        penalised).
    time_unit : str, optional
        Unit of recency and T; taken from ``data.attrs["time_unit"]`` when omitted.
    maxiter : int, default 1000
    on_failure : {"raise", "warn"}, default "raise"

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``s``, ``beta`` (alpha and beta in the time unit).
    std_errors_, covariance_, log_likelihood_, converged_, n_iter_, optimizer_message_,
    n_customers_, time_unit_
    """

    _name = "Pareto/NBD"
    _param_names = PARAM_NAMES
    _penalized = PENALIZED

    def _negative_log_likelihood(self, theta, agg):
        return negative_log_likelihood(theta, agg)

    def _start(self, mean_T: float):
        return (1.0, mean_T, 1.0, mean_T)

    def probability_alive_arrays(self, x, tx, T) -> np.ndarray:
        """:meth:`probability_alive` on already checked arrays (no input checks)."""
        return self._p_alive(x, tx, T)

    def probability_alive_under(self, thetas, x, tx, T) -> np.ndarray:
        """P(alive) under each row of parameters ``thetas`` (one row each), the histories'
        distinct pairs found once for all the rows."""
        pairs = HistoryPairs(x, tx, T)
        return np.vstack([_probability_alive(theta, x, tx, T, pairs) for theta in thetas])

    def _p_alive(self, x, tx, T):
        return _probability_alive(self.params_.to_numpy(), x, tx, T)

    def probability_alive(self, data: pd.DataFrame | None = None) -> pd.Series:
        """P(alive at T | x, t_x, T): the bracket's first term over the whole bracket
        (FHL 2005c, eq. 18)."""
        index, x, tx, T = self._arrays(data)
        return pd.Series(self._p_alive(x, tx, T), index=index, name="p_alive")

    def expected_purchases(self, t: float, data: pd.DataFrame | None = None) -> pd.Series:
        """Conditional expected purchases in ``(T, T + t]`` (FHL 2005c, eq. 27):

            E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1))
                                  * [1 - ((beta+T)/(beta+T+t))^(s-1)] * P(alive)

        (for ``s = 1`` the bracket over ``s - 1`` is its limit ``log((beta+T+t)/(beta+T))``).
        """
        index, x, tx, T = self._arrays(data)
        values = self._expected_purchases_at([t], x, tx, T)[:, 0]
        return pd.Series(values, index=index, name="expected_purchases")

    def expected_purchases_at(self, times, data: pd.DataFrame | None = None) -> np.ndarray:
        """:meth:`expected_purchases` for each ``t`` of ``times`` (one column each), with
        P(alive), the costly hypergeometric part, computed once."""
        _, x, tx, T = self._arrays(data)
        return self._expected_purchases_at(times, x, tx, T)

    def _expected_purchases_at(self, times, x, tx, T) -> np.ndarray:
        for t in times:
            if np.ndim(t) != 0 or t < 0:
                raise ValueError(f"t must be a non-negative number; got {t!r}")
        r, alpha, s, beta = self.params_.to_numpy()
        scale = (r + x) * (beta + T) / (alpha + T)
        p_alive = self._p_alive(x, tx, T)
        columns = []
        for t in times:
            log_ratio = np.log(beta + T + t) - np.log(beta + T)
            if abs(s - 1.0) < 1e-10:
                lifetime_share = log_ratio
            else:
                lifetime_share = -np.expm1(-(s - 1.0) * log_ratio) / (s - 1.0)
            columns.append(scale * lifetime_share * p_alive)
        return np.column_stack(columns) if columns else np.empty((len(x), 0))

    def probability_of_purchase(self, t: float, data: pd.DataFrame | None = None) -> pd.Series:
        """P(at least one purchase in ``(T, T + t]``), approximated as
        ``P(alive) * (1 - ((alpha+T)/(alpha+T+t))^(r+x))``: the chance of a Poisson event in the
        window for a customer alive throughout it, so an upper bound (dropping out within the
        window is ignored). Used as a ranking score (buy-again AUC)."""
        if np.ndim(t) != 0 or t < 0:
            raise ValueError(f"t must be a non-negative number; got {t!r}")
        index, x, tx, T = self._arrays(data)
        r, alpha, _, _ = self.params_.to_numpy()
        none = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        values = self._p_alive(x, tx, T) * (1.0 - none)
        return pd.Series(values, index=index, name="probability_of_purchase")

    def expected_purchases_new_customer(self, t: float) -> float:
        """Expected purchases in ``(0, t]`` of a customer just acquired (FHL 2005c, eq. 25):
        ``r beta / (alpha (s-1)) * [1 - (beta/(beta+t))^(s-1)]``."""
        zero = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
        return float(self.expected_purchases(t, zero).iloc[0])
