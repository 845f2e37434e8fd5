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

import numpy as np
import pandas as pd
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from customer_value.clv._purchase_model import AggregatedData, PurchaseModel

PARAM_NAMES = ("r", "alpha", "a", "b")
#: Dimensionless shape parameters the penalizer applies to (alpha is in the time unit).
PENALIZED = ("r", "a", "b")


def _log_terms(theta, data: AggregatedData, k: int):
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


def negative_log_likelihood(theta, data: AggregatedData, k: int) -> tuple[float, np.ndarray]:
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


class BetaGeometricFamily(PurchaseModel):
    """Base class for BG/NBD (``_k = 0``) and MBG/NBD (``_k = 1``). Use the subclasses."""

    _k = 0
    _name = "BG/NBD"
    _param_names = PARAM_NAMES
    _penalized = PENALIZED

    def _negative_log_likelihood(self, theta, agg):
        return negative_log_likelihood(theta, agg, self._k)

    def _start(self, mean_T: float):
        return (1.0, mean_T, 1.0, 1.0)

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

    def probability_alive_arrays(self, x, tx, T) -> np.ndarray:
        """:meth:`probability_alive` on already checked arrays (no input checks)."""
        return expit(-self._log_odds_dead(x, tx, T))

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
        agg = AggregatedData.__new__(AggregatedData)
        agg.x, agg.tx, agg.T = x, tx, T
        agg.xu, agg.idx = np.unique(x, return_inverse=True)
        common_u, l1, l2, *_ = _log_terms(self.params_.to_numpy(), agg, self._k)
        return pd.Series(common_u[agg.idx] + np.logaddexp(l1, l2), index=index, name="ll")
