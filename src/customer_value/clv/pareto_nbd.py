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
The gradient is by central differences on the log-parameters (the hypergeometric function has
no cheap parameter derivatives); the optimiser and standard errors are the shared machinery of
:mod:`customer_value.clv._optimize`.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.special import gammaln, hyp2f1

from customer_value.clv._beta_geometric import _AggregatedData
from customer_value.clv._checks import check_frequency_recency_T
from customer_value.clv._optimize import maximize_likelihood

logger = logging.getLogger(__name__)

PARAM_NAMES = ("r", "alpha", "s", "beta")
#: Dimensionless shape parameters the penalizer applies to (alpha, beta are in the time unit).
PENALIZED = ("r", "s")
#: Relative step of the central-difference gradient (on log-parameters).
GRADIENT_STEP = 1e-6


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


def _log_bracket_terms(theta, x, tx, T):
    """``log`` of the bracket's first term and of ``s (I(t_x) - I(T))`` (P(alive) uses both)."""
    r, alpha, s, beta = theta
    m = r + s + x
    first = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    at_tx = _log_m_integral(theta, x, tx)
    at_T = _log_m_integral(theta, x, T)
    # s (I(tx) - I(T)) = s/m * (e^at_tx - e^at_T), with at_tx >= at_T (-inf when t_x = T)
    with np.errstate(divide="ignore"):
        second = np.log(s / m) + at_tx + np.log1p(-np.exp(np.minimum(at_T - at_tx, 0.0)))
    return first, second


def log_likelihood_terms(theta, x, tx, T) -> np.ndarray:
    """Individual Pareto/NBD log-likelihoods (module docstring), elementwise."""
    r, alpha, s, beta = theta
    # far from the optimum the hypergeometric series can overflow: the optimiser then sees a
    # non-finite objective and steps back
    with np.errstate(invalid="ignore", over="ignore"):
        first, second = _log_bracket_terms(theta, x, tx, T)
        common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        return common + np.logaddexp(first, second)


def negative_log_likelihood(theta, data: _AggregatedData) -> tuple[float, np.ndarray]:
    """Total negative log-likelihood and its central-difference gradient w.r.t. theta."""
    theta = np.asarray(theta, dtype=float)

    def total(t):
        return -float(np.dot(data.w, log_likelihood_terms(t, data.x, data.tx, data.T)))

    value = total(theta)
    grad = np.empty(theta.size)
    for j in range(theta.size):
        h = GRADIENT_STEP * theta[j]
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        grad[j] = (total(up) - total(down)) / (2.0 * h)
    return value, grad


class ParetoNBDModel:
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

    def __init__(
        self,
        penalizer: float = 0.0,
        time_unit: str | None = None,
        maxiter: int = 1000,
        on_failure: str = "raise",
    ):
        self.penalizer = penalizer
        self.time_unit = time_unit
        self.maxiter = maxiter
        self.on_failure = on_failure

    def fit(self, data: pd.DataFrame, weights=None):
        """Fit by maximum likelihood on ``frequency``, ``recency`` and ``T``.

        Returns
        -------
        self
        """
        cols = check_frequency_recency_T(data, self._name)
        x, tx, T = cols["frequency"], cols["recency"], cols["T"]
        n = len(x) if weights is None else float(np.sum(weights))
        if n < 2:
            raise ValueError(f"{self._name} needs at least 2 customers to fit; got {len(x)}")
        if not np.any(x > 0):
            raise ValueError(
                f"{self._name} cannot be fitted: no customer has a repeat purchase "
                "(all frequency == 0); use a longer period of data"
            )
        agg = _AggregatedData(x, tx, T, weights)
        if agg.x.size < 2:
            raise ValueError(
                f"{self._name} cannot be fitted: all customers have the same frequency, "
                "recency and T; use more data"
            )
        logger.info("fitting %s on %d customers (%d unique rows)", self._name, int(n), agg.x.size)
        mean_T = float(np.average(T, weights=weights)) if np.any(T > 0) else 1.0
        x0 = (1.0, max(mean_T, 1e-3), 1.0, max(mean_T, 1e-3))
        result = maximize_likelihood(
            lambda theta: negative_log_likelihood(theta, agg),
            x0,
            PARAM_NAMES,
            agg.n_customers,
            penalizer=self.penalizer,
            penalized=PENALIZED,
            maxiter=self.maxiter,
            on_failure=self.on_failure,
            model_name=self._name,
        )
        result.store_on(self)
        self.n_customers_ = int(round(agg.n_customers))
        self.time_unit_ = self.time_unit or data.attrs.get("time_unit")
        self.data_ = data
        return self

    def _arrays(self, data):
        if not hasattr(self, "params_"):
            raise ValueError(f"{self._name} model is not fitted; call fit() first")
        data = self.data_ if data is None else data
        cols = check_frequency_recency_T(data, self._name)
        return data.index, cols["frequency"], cols["recency"], cols["T"]

    def summary(self) -> pd.DataFrame:
        """Fitted parameters with standard errors (rows r, alpha, s, beta)."""
        self._arrays(self.data_)
        return pd.DataFrame({"estimate": self.params_, "std_error": self.std_errors_})

    def _p_alive(self, x, tx, T):
        first, second = _log_bracket_terms(self.params_.to_numpy(), x, tx, T)
        return np.exp(first - np.logaddexp(first, second))

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
        if np.ndim(t) != 0 or t < 0:
            raise ValueError(f"t must be a non-negative number; got {t!r}")
        index, x, tx, T = self._arrays(data)
        r, alpha, s, beta = self.params_.to_numpy()
        log_ratio = np.log(beta + T + t) - np.log(beta + T)
        if abs(s - 1.0) < 1e-10:
            lifetime_share = log_ratio
        else:
            lifetime_share = -np.expm1(-(s - 1.0) * log_ratio) / (s - 1.0)
        values = (r + x) * (beta + T) / (alpha + T) * lifetime_share * self._p_alive(x, tx, T)
        return pd.Series(values, index=index, name="expected_purchases")

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
