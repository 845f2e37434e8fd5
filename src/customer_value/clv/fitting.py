"""One fit of every probabilistic CLV model on one window, shared by prediction and validation.

The RFM summary of the window is built (up to ``observation_end``, or up to ``calibration_end``
with holdout actuals), left-truncated history is detected and its customers re-expressed as
left-censored (:mod:`customer_value.clv.history`), then BG/NBD, MBG/NBD, Pareto/NBD and
Gamma-Gamma are fitted on that summary. BG/NBD must fit (its errors propagate); the other
purchase models are comparisons, left out with a warning when they fail; without Gamma-Gamma
the spend per purchase is the population mean spend per purchase day.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from customer_value.clv._optimize import ConvergenceError
from customer_value.clv._units import days_per_unit
from customer_value.clv.bgnbd import BetaGeoModel
from customer_value.clv.fit_store import restore_models
from customer_value.clv.gamma_gamma import GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.history import TruncationCheck, detect_left_truncation, left_censor
from customer_value.clv.mbgnbd import ModifiedBetaGeoModel
from customer_value.clv.pareto_nbd import ParetoNBDModel
from customer_value.clv.summary import prepare_customer_days, rfm_summary

logger = logging.getLogger(__name__)

#: Purchase models by name; "bgnbd" is required, the others are comparisons.
PURCHASE_MODELS = {
    "bgnbd": BetaGeoModel,
    "mbgnbd": ModifiedBetaGeoModel,
    "pareto_nbd": ParetoNBDModel,
}
LEFT_TRUNCATION_MODES = ("auto", "ignore")
#: Pareto/NBD is fitted on a fixed-seed sample of at most this many customers: its likelihood
#: (two hypergeometric functions per customer, a numeric gradient) costs about 10x BG/NBD's,
#: and beyond this size the sampling error is far below the models' differences.
PARETO_MAX_CUSTOMERS = 50_000
#: A comparison model whose unpenalised fit does not converge (e.g. Pareto/NBD running off to
#: s, beta -> infinity when dropout rates do not vary between customers) is refitted with this
#: penalizer, with a warning.
RETRY_PENALIZER = 0.001


def population_mean_spend(customer_days: pd.DataFrame, observation_end) -> float:
    """Fallback spend per purchase: mean ``net_revenue`` over all customer-days.

    Used instead of the Gamma-Gamma expectation when Gamma-Gamma cannot be fitted (fewer
    than 2 repeat customers, or no convergence); it then applies to every customer alike.
    It includes first purchases, which are all that one-time buyers have.
    """
    days = prepare_customer_days(customer_days, observation_end)
    if days.empty:
        raise ValueError("customer_days has no rows on or before observation_end")
    return float(days["net_revenue"].mean())


@dataclass
class FittedCLVModels:
    """Models fitted on one window by :func:`fit_clv_models`.

    ``summary`` is the window's RFM summary as observed, with ``history_treatment``;
    ``fit_summary`` the one the models were fitted on and predict from (left-censored customers
    re-expressed from the data start). ``purchase_models`` holds the models that fitted;
    ``gamma_gamma`` is None when it could not be fitted and ``fallback_spend`` applies.
    ``days`` are the validated customer-days of the fitting window.
    """

    summary: pd.DataFrame
    fit_summary: pd.DataFrame
    purchase_models: dict
    gamma_gamma: GammaGammaModel | None
    fallback_spend: float
    truncation: TruncationCheck
    time_unit: str
    observation_end: pd.Timestamp
    days: pd.DataFrame = field(repr=False, default=None)

    @property
    def bgnbd(self) -> BetaGeoModel:
        return self.purchase_models["bgnbd"]

    @property
    def mbgnbd(self) -> ModifiedBetaGeoModel | None:
        return self.purchase_models.get("mbgnbd")

    def expected_average_spend(self) -> np.ndarray:
        """Gamma-Gamma conditional expected spend per purchase, or the fallback."""
        if self.gamma_gamma is None:
            return np.full(len(self.fit_summary), self.fallback_spend)
        return self.gamma_gamma.expected_spend(self.fit_summary).to_numpy()


def _fit_comparison(name, cls, data, time_unit, penalizer):
    """Fit; a comparison model that does not converge unpenalised is refitted with
    ``RETRY_PENALIZER`` (BG/NBD's errors propagate as they are)."""
    try:
        return cls(penalizer=penalizer, time_unit=time_unit).fit(data)
    except ConvergenceError as exc:
        if name == "bgnbd" or penalizer > 0:
            raise
        warnings.warn(
            f"{name}: {exc}; refitted with penalizer {RETRY_PENALIZER}, automatically and for "
            f"this comparison model alone (var clv_penalizer sets one for every model)",
            RuntimeWarning,
            stacklevel=4,
        )
        return cls(penalizer=RETRY_PENALIZER, time_unit=time_unit).fit(data)


def _no_truncation(days: pd.DataFrame) -> TruncationCheck:
    return TruncationCheck(days["order_date"].min(), False, None, 0, 0, float("nan"))


def fit_clv_models(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
    left_truncation: str = "auto",
    calibration_end=None,
    require_bgnbd: bool = True,
    fits: pd.DataFrame | None = None,
) -> FittedCLVModels:
    """Build the window's RFM summary and fit every probabilistic model on it (module docstring).

    Parameters
    ----------
    customer_days : pandas.DataFrame
        ``customer_id``, ``order_date``, ``net_revenue``.
    observation_end : date-like
    time_unit : {"days", "weeks", "months"}
    penalizer : float
        See :mod:`customer_value.clv._optimize` (logs of shape parameters only).
    left_truncation : {"auto", "ignore"}
        "auto" detects left-truncated history and fits its customers as left-censored;
        "ignore" treats every first purchase in the data as the customer's first.
    calibration_end : date-like, optional
        Fit on the window up to it; the summary then carries the holdout actuals.
    require_bgnbd : bool, default True
        When False, a BG/NBD that cannot be fitted is left out with a warning like the
        comparison models (the holdout validation's documented fallback).
    fits : pandas.DataFrame, optional
        This window's models as stored by :func:`customer_value.clv.fit_store.fits_table`
        (the warehouse fits each window once): the models are restored from it instead of
        fitted; everything else (summary, left truncation, fallback spend) is built as usual.
    """
    if left_truncation not in LEFT_TRUNCATION_MODES:
        raise ValueError(
            f"left_truncation must be one of {LEFT_TRUNCATION_MODES}; got {left_truncation!r}"
        )
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    summary = rfm_summary(days, end, time_unit=time_unit, calibration_end=calibration_end)
    if len(summary) < 2:
        raise ValueError(
            f"CLV models need at least 2 customers with a sale on or before the observation "
            f"end; got {len(summary)}: use more data"
        )
    window_end = end if calibration_end is None else summary.attrs["calibration_end"]
    window_days = days.loc[days["order_date"] <= window_end]
    check = (
        detect_left_truncation(window_days)
        if left_truncation == "auto"
        else _no_truncation(window_days)
    )
    logger.info("%s", check.describe())
    fit_summary = left_censor(summary, window_days, check, days_per_unit(time_unit))
    fit_summary.attrs.update(summary.attrs)
    summary = summary.assign(history_treatment=fit_summary["history_treatment"].to_numpy())

    fallback = float(window_days["net_revenue"].mean())
    if fits is None:
        purchase_models, gamma_gamma = _fit_models(
            fit_summary, time_unit, penalizer, require_bgnbd, fallback
        )
    else:
        purchase_models, gamma_gamma = restore_models(
            fits, PURCHASE_MODELS, fit_summary, window_end
        )
        check_fitted_on(purchase_models, len(fit_summary))
    return FittedCLVModels(
        summary,
        fit_summary,
        purchase_models,
        gamma_gamma,
        fallback,
        check,
        time_unit,
        window_end,
        window_days,
    )


def check_fitted_on(purchase_models: dict, n_customers: int) -> None:
    """Stored fits must come from this window's customers: fits left over from other data
    would otherwise predict silently (Pareto/NBD may be fitted on a sample, so BG/NBD and
    MBG/NBD, fitted on everyone, decide)."""
    for name, model in purchase_models.items():
        if name != "pareto_nbd" and model.n_customers_ != n_customers:
            raise ValueError(
                f"the stored {name} fit was made on {model.n_customers_} customers but this "
                f"window has {n_customers}: the fits are stale; rebuild the fits models "
                "(dbt build --select +clv_observation_fits +clv_calibration_fits)"
            )


def _fit_models(fit_summary, time_unit, penalizer, require_bgnbd, fallback) -> tuple:
    """Every purchase model and Gamma-Gamma on one window's summary (see fit_clv_models)."""
    purchase_models = {}
    for name, cls in PURCHASE_MODELS.items():
        data = fit_summary
        if name == "pareto_nbd" and len(data) > PARETO_MAX_CUSTOMERS:
            data = data.sample(PARETO_MAX_CUSTOMERS, random_state=0)
        try:
            purchase_models[name] = _fit_comparison(name, cls, data, time_unit, penalizer)
        except ValueError as exc:
            if name == "bgnbd" and require_bgnbd:
                raise
            warnings.warn(f"{name} not fitted: {exc}", RuntimeWarning, stacklevel=3)
    try:
        gamma_gamma = GammaGammaModel(penalizer=penalizer).fit(fit_summary)
    except (NoRepeatCustomersError, ConvergenceError) as exc:
        warnings.warn(
            f"Gamma-Gamma not fitted ({exc}); expected spend per purchase is the "
            f"population mean spend per purchase day, {fallback:.2f}",
            RuntimeWarning,
            stacklevel=3,
        )
        gamma_gamma = None
    return purchase_models, gamma_gamma
