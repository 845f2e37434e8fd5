"""Shared implementation of the beta-geometric/NBD family (BG/NBD and MBG/NBD).

Both models (Fader, Hardie & Lee 2005a; Batislam, Denizel & Filiztekin 2007) assume that
while active a customer buys as a Poisson process with rate ``lambda ~ Gamma(r, alpha)``
and drops out with probability ``p ~ Beta(a, b)`` after each purchase. They differ in
whether a drop-out can follow the first (time 0) purchase: no for BG/NBD, yes for MBG/NBD.
Writing ``k = 0`` for BG/NBD and ``k = 1`` for MBG/NBD, the individual likelihood is

    L = Gamma(r+x) alpha^r / Gamma(r) * [ B(a, b+x+k) / B(a, b) / (alpha+T)^(r+x)
        + d * B(a+1, b+x+k-1) / B(a, b) / (alpha+t_x)^(r+x) ]

with ``d = 1{x > 0}`` for BG/NBD (FHL 2005a, eq. 6) and ``d = 1`` for MBG/NBD (Batislam
et al. 2007, individual likelihood). It is evaluated on the log scale with ``gammaln``,
``betaln`` and ``logaddexp``, so customers with hundreds of purchases neither overflow nor
underflow.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from customer_value.clv._checks import check_frequency_recency_T
from customer_value.clv._optimize import maximize_likelihood

logger = logging.getLogger(__name__)

PARAM_NAMES = ("r", "alpha", "a", "b")
#: Dimensionless shape parameters the penalizer applies to (alpha is in the time unit).
PENALIZED = ("r", "a", "b")


class _AggregatedData:
    """Unique (frequency, recency, T) rows with counts, and the unique frequencies."""

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, weights=None):
        frame = pd.DataFrame({"x": x, "tx": tx, "T": T})
        frame["w"] = 1.0 if weights is None else np.asarray(weights, dtype=float)
        grouped = frame.groupby(["x", "tx", "T"], sort=False, as_index=False)["w"].sum()
        self.x = grouped["x"].to_numpy()
        self.tx = grouped["tx"].to_numpy()
        self.T = grouped["T"].to_numpy()
        self.w = grouped["w"].to_numpy()
        self.xu, self.idx = np.unique(self.x, return_inverse=True)
        self.n_customers = float(self.w.sum())


def _log_terms(theta, data: _AggregatedData, k: int):
    """Per-row log-likelihood pieces: the common factor and the two bracket terms."""
    r, alpha, a, b = theta
    xu, idx = data.xu, data.idx
    common_u = gammaln(r + xu) - gammaln(r) + r * np.log(alpha)
    base = betaln(a, b)
    b1_u = betaln(a, b + xu + k) - base
    has2_u = xu > 0 if k == 0 else np.ones_like(xu, dtype=bool)
    b2_u = np.full_like(xu, -np.inf)
    b2_u[has2_u] = betaln(a + 1, b + xu[has2_u] + k - 1) - base
    log_aT = np.log(alpha + data.T)
    log_atx = np.log(alpha + data.tx)
    rx = r + data.x
    l1 = b1_u[idx] - rx * log_aT
    l2 = b2_u[idx] - rx * log_atx
    return common_u, l1, l2, log_aT, log_atx, has2_u


def negative_log_likelihood(theta, data: _AggregatedData, k: int) -> tuple[float, np.ndarray]:
    """Total negative log-likelihood and its analytic gradient w.r.t. (r, alpha, a, b)."""
    r, alpha, a, b = theta
    xu, idx, w = data.xu, data.idx, data.w
    common_u, l1, l2, log_aT, log_atx, has2_u = _log_terms(theta, data, k)
    lse = np.logaddexp(l1, l2)
    ll = common_u[idx] + lse
    total = float(np.dot(w, ll))
    w2 = np.exp(l2 - lse)
    w1 = 1.0 - w2
    rx = r + data.x
    # d/dr and d/dalpha, per row
    dr_u = digamma(r + xu) - digamma(r) + np.log(alpha)
    d_r = np.dot(w, -w1 * log_aT - w2 * log_atx) + np.dot(np.bincount(idx, w, xu.size), dr_u)
    d_alpha = np.dot(w, r / alpha - rx * (w1 / (alpha + data.T) + w2 / (alpha + data.tx)))
    # d/da and d/db depend on x only through per-unique-x terms
    psi_ab = digamma(a + b)
    psi_abxk = digamma(a + b + xu + k)
    da1_u = psi_ab - psi_abxk
    da2_u = 1.0 / a + da1_u
    db1_u = digamma(b + xu + k) - psi_abxk - digamma(b) + psi_ab
    db2_u = np.zeros_like(xu)
    db2_u[has2_u] = digamma(b + xu[has2_u] + k - 1) - psi_abxk[has2_u] - digamma(b) + psi_ab
    s1 = np.bincount(idx, w * w1, xu.size)
    s2 = np.bincount(idx, w * w2, xu.size)
    d_a = np.dot(s1, da1_u) + np.dot(s2, da2_u)
    d_b = np.dot(s1, db1_u) + np.dot(s2, db2_u)
    grad = np.array([d_r, d_alpha, d_a, d_b])
    return -total, -grad


class BetaGeometricFamily:
    """Base class for BG/NBD (``_k = 0``) and MBG/NBD (``_k = 1``). Use the subclasses."""

    _k = 0
    _name = "BG/NBD"

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

    # ------------------------------------------------------------------ fitting
    def fit(self, data: pd.DataFrame, weights=None):
        """Fit by maximum likelihood.

        Parameters
        ----------
        data : pandas.DataFrame
            Columns ``frequency`` (repeat purchases), ``recency`` and ``T`` in one time
            unit, e.g. the output of :func:`customer_value.clv.rfm_summary`.
        weights : array-like, optional
            Number of customers each row stands for (default 1).

        Returns
        -------
        self
        """
        cols = check_frequency_recency_T(data, self._name)
        x, tx, T = cols["frequency"], cols["recency"], cols["T"]
        n = len(x) if weights is None else float(np.sum(weights))
        if len(x) < 2 and n < 2:
            raise ValueError(f"{self._name} needs at least 2 customers to fit; got {len(x)}")
        if not np.any(x > 0):
            raise ValueError(
                f"{self._name} cannot be fitted: no customer has a repeat purchase "
                "(all frequency == 0), so the drop-out parameters are not identified; "
                "the data must hold customers who bought on at least two different days: "
                "use a longer period of data"
            )
        agg = _AggregatedData(x, tx, T, weights)
        if agg.x.size < 2:
            raise ValueError(
                f"{self._name} cannot be fitted: all {int(n)} customers have the same "
                "frequency, recency and T, so the spread of purchase and drop-out rates "
                "between customers is not identified; use more data (more customers or a "
                "longer period)"
            )
        logger.info("fitting %s on %d customers (%d unique rows)", self._name, int(n), agg.x.size)
        mean_T = float(np.average(T, weights=weights)) if np.any(T > 0) else 1.0
        x0 = (1.0, max(mean_T, 1e-3), 1.0, 1.0)
        result = maximize_likelihood(
            lambda theta: negative_log_likelihood(theta, agg, self._k),
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

    # -------------------------------------------------------------- predictions
    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise ValueError(f"{self._name} model is not fitted; call fit() first")

    def _arrays(self, data):
        self._check_fitted()
        data = self.data_ if data is None else data
        cols = check_frequency_recency_T(data, self._name)
        return data.index, cols["frequency"], cols["recency"], cols["T"]

    def summary(self) -> pd.DataFrame:
        """Fitted parameters with standard errors (rows r, alpha, a, b)."""
        self._check_fitted()
        return pd.DataFrame({"estimate": self.params_, "std_error": self.std_errors_})

    def _log_odds_dead(self, x, tx, T):
        r, alpha, a, b = self.params_.to_numpy()
        k = self._k
        has = (x > 0) if k == 0 else np.ones_like(x, dtype=bool)
        out = np.full_like(x, -np.inf, dtype=float)
        xs, txs, Ts = x[has], tx[has], T[has]
        out[has] = (
            np.log(a)
            - np.log(b + xs + k - 1)
            + (r + xs) * (np.log(alpha + Ts) - np.log(alpha + txs))
        )
        return out

    def probability_alive(self, data: pd.DataFrame | None = None) -> pd.Series:
        """P(customer still active at T | x, t_x, T).

        BG/NBD: ``1 / (1 + d a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))`` with ``d = 1{x>0}``
        (the reciprocal of the denominator of FHL 2005a eq. 10, derived in Fader, Hardie &
        Lee's note "Computing P(alive) using the BG/NBD model"); it is 1 when ``x = 0``.
        MBG/NBD: the same with ``a/(b+x)`` and ``d = 1`` (Batislam et al. 2007).
        """
        index, x, tx, T = self._arrays(data)
        return pd.Series(expit(-self._log_odds_dead(x, tx, T)), index=index, name="p_alive")

    def expected_purchases(self, t: float, data: pd.DataFrame | None = None) -> pd.Series:
        """Conditional expected number of purchases in ``(T, T + t]``.

        FHL 2005a, eq. 10 (BG/NBD) and its MBG/NBD analogue (Batislam et al. 2007):

            E[Y(t) | x, t_x, T] = c/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x)
                                  * 2F1(r+x, b+x+k; c; z)] * P(alive)

        with ``c = a+b+x+k-1`` and ``z = t/(alpha+T+t)``. The Gauss hypergeometric function
        is evaluated after Euler's transformation ``2F1(A,B;C;z) = (1-z)^(C-A-B)
        2F1(C-A, C-B; C; z)``, which turns the product into ``(1-z)^(a-1)
        2F1(a+b+k-1-r, a-1; c; z)``: no large powers and a series whose numerator
        parameters do not grow with ``x``. ``t`` is in the fitting time unit.
        """
        if np.ndim(t) != 0 or t < 0:
            raise ValueError(f"t must be a non-negative number; got {t!r}")
        index, x, tx, T = self._arrays(data)
        values = self._expected_purchases(float(t), x, tx, T)
        return pd.Series(values, index=index, name="expected_purchases")

    def _expected_purchases(self, t, x, tx, T):
        if t == 0:
            return np.zeros_like(x, dtype=float)
        r, alpha, a, b = self.params_.to_numpy()
        k = self._k
        c = a + b + x + k - 1
        log1mz = np.log(alpha + T) - np.log(alpha + T + t)
        z = -np.expm1(log1mz)
        bracket = 1.0 - np.exp((a - 1) * log1mz) * hyp2f1(a + b + k - 1 - r, a - 1, c, z)
        p_alive = expit(-self._log_odds_dead(x, tx, T))
        return c / (a - 1) * bracket * p_alive

    def expected_purchases_new_customer(self, t: float) -> float:
        """Expected repeat purchases in ``(0, t]`` of a customer who just made a first purchase.

        The conditional expectation at ``x = t_x = T = 0``, which equals FHL 2005a eq. 9 for
        BG/NBD and the corresponding MBG/NBD expression of Batislam et al. (2007).
        """
        self._check_fitted()
        zero = np.zeros(1)
        return float(self._expected_purchases(float(t), zero, zero, zero)[0])

    def probability_of_purchase(self, t: float, data: pd.DataFrame | None = None) -> pd.Series:
        """P(at least one purchase in ``(T, T + t]`` | x, t_x, T).

        An active customer can drop out only right after a purchase, so no purchase in the
        window means no Poisson event: ``P = P(alive) * (1 - E[exp(-lambda t) | alive])``.
        Given activity the posterior of ``lambda`` is ``Gamma(r + x, alpha + T)``, hence
        ``P = P(alive) * (1 - ((alpha+T)/(alpha+T+t))^(r+x))``.
        """
        if np.ndim(t) != 0 or t < 0:
            raise ValueError(f"t must be a non-negative number; got {t!r}")
        index, x, tx, T = self._arrays(data)
        r, alpha, _, _ = self.params_.to_numpy()
        none = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        p_alive = expit(-self._log_odds_dead(x, tx, T))
        return pd.Series(p_alive * (1.0 - none), index=index, name="probability_of_purchase")

    def log_likelihood(self, data: pd.DataFrame | None = None) -> pd.Series:
        """Individual log-likelihoods at the fitted parameters (FHL 2005a, eq. 6 on log scale)."""
        index, x, tx, T = self._arrays(data)
        agg = _AggregatedData.__new__(_AggregatedData)
        agg.x, agg.tx, agg.T = x, tx, T
        agg.xu, agg.idx = np.unique(x, return_inverse=True)
        common_u, l1, l2, *_ = _log_terms(self.params_.to_numpy(), agg, self._k)
        return pd.Series(common_u[agg.idx] + np.logaddexp(l1, l2), index=index, name="ll")
