"""Gamma-Gamma model of spend per transaction.

Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
analysis", Journal of Marketing Research 42(4), 415-430; and Fader & Hardie (2013), "The
Gamma-Gamma model of monetary value" (note).
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from scipy.special import digamma, gammaln

from customer_value.clv._checks import require_columns
from customer_value.clv._optimize import maximize_likelihood

logger = logging.getLogger(__name__)

PARAM_NAMES = ("p", "q", "gamma")
#: Dimensionless shape parameters the penalizer applies to (gamma is in currency units).
PENALIZED = ("p", "q")


class NoRepeatCustomersError(ValueError):
    """Raised when Gamma-Gamma is fitted on data with fewer than 2 repeat customers."""


class GammaGammaModel:
    """Gamma-Gamma model of the average spend per repeat transaction.

    Spend per transaction ``z ~ Gamma(shape=p, rate=nu)`` with ``nu ~ Gamma(shape=q,
    rate=gamma)`` across customers, independent of the purchase process. For a customer with
    ``x`` repeat transactions of average value ``m`` (Fader & Hardie 2013, eq. 4 on the
    log scale):

        log f(m | x) = lnGamma(px+q) - lnGamma(px) - lnGamma(q) + q ln(gamma)
                       + (px-1) ln(m) + px ln(x) - (px+q) ln(gamma + m x)

    Only repeat customers (``frequency > 0``) enter the fit. The model assumes that spend is
    independent of purchase frequency; the Pearson correlation between ``frequency`` and
    ``monetary_value`` among repeat customers is stored in ``frequency_monetary_corr_`` and
    a warning is emitted when its absolute value exceeds ``correlation_warning_threshold``.

    Parameters
    ----------
    penalizer : float, default 0
        L2 penalty on log p and log q (shapes only; gamma, in currency, is not penalised,
        so the fit does not depend on the currency unit; see :mod:`customer_value.clv._optimize`).
    correlation_warning_threshold : float, default 0.3
    maxiter : int, default 1000
    on_failure : {"raise", "warn"}, default "raise"

    Attributes
    ----------
    params_ : pandas.Series
        ``p``, ``q``, ``gamma`` (gamma in currency units).
    std_errors_, covariance_, log_likelihood_, converged_, n_iter_, optimizer_message_,
    n_customers_ (repeat customers fitted), frequency_monetary_corr_
    """

    _name = "Gamma-Gamma"

    def __init__(
        self,
        penalizer: float = 0.0,
        correlation_warning_threshold: float = 0.3,
        maxiter: int = 1000,
        on_failure: str = "raise",
    ):
        self.penalizer = penalizer
        self.correlation_warning_threshold = correlation_warning_threshold
        self.maxiter = maxiter
        self.on_failure = on_failure

    def _repeat(self, data: pd.DataFrame):
        cols = require_columns(data, ("frequency", "monetary_value"), self._name)
        x, m = cols["frequency"], cols["monetary_value"]
        if np.any(x < 0) or np.any(x != np.round(x)):
            raise ValueError(f"{self._name}: column frequency must hold non-negative integers")
        repeat = x > 0
        if np.any(m[repeat] <= 0):
            raise ValueError(
                f"{self._name}: column monetary_value must be strictly positive for repeat "
                f"customers (frequency > 0); found {int(np.sum(m[repeat] <= 0))} non-positive"
            )
        return x, m, repeat

    def fit(self, data: pd.DataFrame):
        """Fit on the repeat customers of an RFM summary.

        Parameters
        ----------
        data : pandas.DataFrame
            Columns ``frequency`` and ``monetary_value`` (mean spend of repeat purchases).

        Returns
        -------
        self

        Raises
        ------
        NoRepeatCustomersError
            (a ``ValueError``) when fewer than 2 customers have ``frequency > 0``. Use
            :func:`customer_value.clv.population_mean_spend` as a fallback.
        ValueError
            For a missing column or non-positive spend of a repeat customer.
        """
        x_all, m_all, repeat = self._repeat(data)
        if not np.any(repeat):
            raise NoRepeatCustomersError(
                "Gamma-Gamma needs repeat customers (frequency > 0) but none were found; "
                "fall back to population_mean_spend()"
            )
        x, m = x_all[repeat], m_all[repeat]
        if x.size < 2:
            raise NoRepeatCustomersError(
                f"Gamma-Gamma needs at least 2 repeat customers (frequency > 0); got {x.size}"
            )
        corr = np.nan
        if np.ptp(x) > 0 and np.ptp(m) > 0:
            corr = float(np.corrcoef(x, m)[0, 1])
        self.frequency_monetary_corr_ = corr
        if np.isfinite(corr) and abs(corr) > self.correlation_warning_threshold:
            warnings.warn(
                f"Gamma-Gamma: Pearson correlation between frequency and monetary_value is "
                f"{corr:.3f} (|corr| > {self.correlation_warning_threshold}); the model assumes "
                "spend is independent of purchase frequency",
                UserWarning,
                stacklevel=2,
            )
        xu, idx, counts = np.unique(x, return_inverse=True, return_counts=True)
        log_m = np.log(m)
        sum_x_logm = float(np.dot(x, log_m))
        sum_logm = float(log_m.sum())
        sum_x_logx = float(np.dot(x, np.log(x)))
        n = float(x.size)
        mx = m * x

        def neg_ll(theta):
            p, q, g = theta
            pxq = p * xu + q
            log_gmx = np.log(g + mx)
            ll = (
                np.dot(counts, gammaln(pxq) - gammaln(p * xu))
                - n * gammaln(q)
                + n * q * np.log(g)
                + p * sum_x_logm
                - sum_logm
                + p * sum_x_logx
                - np.dot(p * x + q, log_gmx)
            )
            psi_pxq = digamma(pxq)
            d_p = (
                np.dot(counts * xu, psi_pxq - digamma(p * xu))
                + sum_x_logm
                + sum_x_logx
                - np.dot(x, log_gmx)
            )
            d_q = np.dot(counts, psi_pxq) - n * digamma(q) + n * np.log(g) - log_gmx.sum()
            d_g = n * q / g - np.sum((p * x + q) / (g + mx))
            return -float(ll), -np.array([d_p, d_q, d_g])

        logger.info("fitting Gamma-Gamma on %d repeat customers", x.size)
        x0 = (1.0, 2.0, float(np.mean(m)))
        result = maximize_likelihood(
            neg_ll,
            x0,
            PARAM_NAMES,
            x.size,
            penalizer=self.penalizer,
            penalized=PENALIZED,
            maxiter=self.maxiter,
            on_failure=self.on_failure,
            model_name=self._name,
        )
        result.store_on(self)
        self.n_customers_ = int(x.size)
        self.data_ = data
        return self

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise ValueError("Gamma-Gamma model is not fitted; call fit() first")

    def summary(self) -> pd.DataFrame:
        """Fitted parameters with standard errors (rows p, q, gamma)."""
        self._check_fitted()
        return pd.DataFrame({"estimate": self.params_, "std_error": self.std_errors_})

    @property
    def mean_spend_(self) -> float:
        """Population mean of the expected spend per transaction, ``p gamma / (q - 1)``.

        Infinite (returned as NaN) when ``q <= 1``.
        """
        self._check_fitted()
        p, q, g = self.params_.to_numpy()
        return float(p * g / (q - 1)) if q > 1 else float("nan")

    def expected_spend(self, data: pd.DataFrame | None = None) -> pd.Series:
        """Conditional expected average spend per transaction.

        FHL 2005b / Fader & Hardie (2013), eq. 5:

            E[Z | p, q, gamma, m, x] = p (gamma + m x) / (p x + q - 1)

        a weighted mean of the population mean ``p gamma / (q - 1)`` and the customer's
        observed mean ``m``. Customers with ``frequency == 0`` get the population mean (their
        ``monetary_value`` is ignored). NaN where ``p x + q <= 1`` (no finite mean).
        """
        self._check_fitted()
        data = self.data_ if data is None else data
        x, m, _ = self._repeat(data)
        m = np.where(x > 0, m, 0.0)
        p, q, g = self.params_.to_numpy()
        denom = p * x + q - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(denom > 0, p * (g + m * x) / denom, np.nan)
        if np.any(denom <= 0):
            warnings.warn(
                "Gamma-Gamma: q <= 1, the expected spend of customers without repeat purchases "
                "is infinite; returned NaN",
                RuntimeWarning,
                stacklevel=2,
            )
        return pd.Series(values, index=data.index, name="expected_average_spend")

    def customer_lifetime_value(
        self,
        transaction_model,
        data: pd.DataFrame | None = None,
        horizon_months: int = 12,
        monthly_discount_rate: float = 0.01,
        margin: float = 1.0,
        time_unit: str | None = None,
    ) -> pd.Series:
        """Discounted CLV; see :func:`customer_value.clv.customer_lifetime_value`."""
        from customer_value.clv.lifetime_value import customer_lifetime_value

        data = self.data_ if data is None else data
        return customer_lifetime_value(
            transaction_model,
            self.expected_spend(data),
            data,
            horizon_months=horizon_months,
            monthly_discount_rate=monthly_discount_rate,
            margin=margin,
            time_unit=time_unit,
        )
