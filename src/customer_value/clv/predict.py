"""Per-customer CLV predictions and fitted-parameter tables for the warehouse.

Pure functions (DataFrames in, DataFrames out) for the dbt Python models. Every model is
fitted on the full observed window up to ``observation_end``.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from customer_value.clv._optimize import ConvergenceError
from customer_value.clv._units import DAYS_PER_MONTH, months_to_units
from customer_value.clv.bgnbd import BetaGeoModel
from customer_value.clv.gamma_gamma import GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.lifetime_value import customer_lifetime_value
from customer_value.clv.mbgnbd import ModifiedBetaGeoModel
from customer_value.clv.ml import NextPeriodModel
from customer_value.clv.summary import prepare_customer_days, rfm_summary

logger = logging.getLogger(__name__)

CUSTOMER_VALUE_COLUMNS = (
    "customer_id",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "p_alive",
    "expected_purchases",
    "expected_average_spend",
    "expected_spend",
    "predicted_clv",
    "ml_purchase_probability",
    "ml_predicted_spend",
)
PARAMETER_COLUMNS = (
    "model_name",
    "parameter_name",
    "estimate",
    "std_error",
    "time_unit",
    "log_likelihood",
    "customers_fitted",
    "fitted_through",
)


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
    """Models fitted on the full window by :func:`fit_clv_models`.

    ``gamma_gamma`` is None when it could not be fitted (fewer than 2 repeat customers, or
    no convergence); ``fallback_spend`` (the population mean spend per purchase day, see
    :func:`population_mean_spend`) is then used for everyone.
    """

    summary: pd.DataFrame
    bgnbd: BetaGeoModel
    mbgnbd: ModifiedBetaGeoModel | None
    gamma_gamma: GammaGammaModel | None
    fallback_spend: float
    time_unit: str
    observation_end: pd.Timestamp

    def expected_average_spend(self) -> np.ndarray:
        """Gamma-Gamma conditional expected spend per purchase, or the fallback."""
        if self.gamma_gamma is None:
            return np.full(len(self.summary), self.fallback_spend)
        return self.gamma_gamma.expected_spend(self.summary).to_numpy()


def fit_clv_models(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
) -> FittedCLVModels:
    """Build the RFM summary and fit BG/NBD, MBG/NBD and Gamma-Gamma on it.

    BG/NBD must fit (its errors propagate). MBG/NBD is a comparison model: if it fails it is
    left out with a warning. When Gamma-Gamma cannot be fitted (fewer than 2 repeat
    customers, or no convergence) the expected spend per purchase falls back to the
    population mean spend per purchase day, with a warning.
    """
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    summary = rfm_summary(days, end, time_unit=time_unit)
    if len(summary) < 2:
        raise ValueError(
            f"CLV models need at least 2 customers with a sale on or before the observation "
            f"end; got {len(summary)}: use more data"
        )
    bgnbd = BetaGeoModel(penalizer=penalizer, time_unit=time_unit).fit(summary)
    try:
        mbgnbd = ModifiedBetaGeoModel(penalizer=penalizer, time_unit=time_unit).fit(summary)
    except ValueError as exc:
        warnings.warn(f"MBG/NBD not fitted: {exc}", RuntimeWarning, stacklevel=2)
        mbgnbd = None
    fallback = population_mean_spend(days, end)
    try:
        gamma_gamma = GammaGammaModel(penalizer=penalizer).fit(summary)
    except (NoRepeatCustomersError, ConvergenceError) as exc:
        warnings.warn(
            f"Gamma-Gamma not fitted ({exc}); expected spend per purchase is the "
            f"population mean spend per purchase day, {fallback:.2f}",
            RuntimeWarning,
            stacklevel=2,
        )
        gamma_gamma = None
    return FittedCLVModels(summary, bgnbd, mbgnbd, gamma_gamma, fallback, time_unit, end)


def customer_value_table(
    fitted: FittedCLVModels,
    customer_days: pd.DataFrame | None = None,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    margin: float = 1.0,
    seed: int = 42,
) -> pd.DataFrame:
    """One row per customer from already fitted models (see :func:`predict_customer_value`).

    ``customer_days`` is needed for the ML columns; without it they are NaN.
    """
    summary = fitted.summary
    bg = fitted.bgnbd
    horizon = months_to_units(horizon_months, fitted.time_unit)
    spend = fitted.expected_average_spend()
    purchases = bg.expected_purchases(horizon, summary).to_numpy()
    clv = customer_lifetime_value(
        bg,
        spend,
        summary,
        horizon_months=horizon_months,
        monthly_discount_rate=monthly_discount_rate,
        margin=margin,
        time_unit=fitted.time_unit,
    ).to_numpy()
    out = summary.loc[:, ["customer_id", "frequency", "recency", "T", "monetary_value"]].copy()
    out["p_alive"] = bg.probability_alive(summary).to_numpy()
    out["expected_purchases"] = purchases
    out["expected_average_spend"] = spend
    out["expected_spend"] = purchases * spend
    out["predicted_clv"] = clv
    out["ml_purchase_probability"] = np.nan
    out["ml_predicted_spend"] = np.nan
    if customer_days is not None:
        period_days = int(round(horizon_months * DAYS_PER_MONTH))
        try:
            ml = NextPeriodModel(period_days=period_days, time_unit=fitted.time_unit, seed=seed)
            pred = ml.fit(customer_days, fitted.observation_end).predict()
            pred = pred.set_index("customer_id").reindex(out["customer_id"])
            out["ml_purchase_probability"] = pred["purchase_probability"].to_numpy()
            out["ml_predicted_spend"] = pred["predicted_spend"].to_numpy()
        except ValueError as exc:
            warnings.warn(
                f"ML columns left NaN: {exc}",
                RuntimeWarning,
                stacklevel=2,
            )
    return out.reset_index(drop=True).loc[:, list(CUSTOMER_VALUE_COLUMNS)]


def predict_customer_value(
    customer_days: pd.DataFrame,
    observation_end,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    margin: float = 1.0,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
) -> pd.DataFrame:
    """Per-customer purchase, spend and CLV predictions over the next ``horizon_months``.

    BG/NBD for purchases and P(alive), Gamma-Gamma for spend per purchase (population mean
    fallback without repeat customers), discounted CLV, and the ML next-period models with
    a period of ``horizon_months`` months (``round(horizon_months * 30.4375)`` days).

    Parameters
    ----------
    customer_days : pandas.DataFrame
        ``customer_id``, ``order_date``, ``net_revenue`` (see :func:`rfm_summary`).
    observation_end : date-like
        Last observed day; everything is fitted on the window up to it.
    horizon_months : int, default 12
    monthly_discount_rate : float, default 0.01
    margin : float, default 1.0
    time_unit : {"days", "weeks", "months"}, default "weeks"
        Unit of ``recency`` and ``T`` in the output and of the fitted rate parameters.
    seed : int, default 42
        Seed of the ML models.
    penalizer : float, default 0

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``customer_id``, ``frequency``, ``recency``, ``T``,
        ``monetary_value``, ``p_alive`` (BG/NBD), ``expected_purchases`` (repeat purchase
        days over the horizon), ``expected_average_spend`` (per purchase),
        ``expected_spend`` (over the horizon, undiscounted, = expected_purchases *
        expected_average_spend), ``predicted_clv`` (discounted, times margin),
        ``ml_purchase_probability`` and ``ml_predicted_spend`` (NaN when the window is not
        longer than the horizon).
    """
    fitted = fit_clv_models(customer_days, observation_end, time_unit, penalizer)
    return customer_value_table(
        fitted, customer_days, horizon_months, monthly_discount_rate, margin, seed
    )


def parameter_table(fitted: FittedCLVModels) -> pd.DataFrame:
    """Long table of fitted parameters, one row per model and parameter.

    Columns: ``model_name`` ("bgnbd", "mbgnbd", "gamma_gamma", or
    "population_mean_spend" for the fallback), ``parameter_name``, ``estimate``,
    ``std_error``, ``time_unit`` (of the rate parameter ``alpha``; None for the spend models,
    whose ``gamma`` / mean spend are in currency units), ``log_likelihood``,
    ``customers_fitted`` (Gamma-Gamma: repeat customers), ``fitted_through`` (observation_end
    as a date).
    """
    rows = []
    through = fitted.observation_end.date()
    models = [
        ("bgnbd", fitted.bgnbd, fitted.time_unit),
        ("mbgnbd", fitted.mbgnbd, fitted.time_unit),
        ("gamma_gamma", fitted.gamma_gamma, None),
    ]
    for name, model, time_unit in models:
        if model is None:
            continue
        for param, estimate in model.params_.items():
            rows.append(
                {
                    "model_name": name,
                    "parameter_name": param,
                    "estimate": float(estimate),
                    "std_error": float(model.std_errors_[param]),
                    "time_unit": time_unit,
                    "log_likelihood": float(model.log_likelihood_),
                    "customers_fitted": int(model.n_customers_),
                    "fitted_through": through,
                }
            )
    if fitted.gamma_gamma is None:
        rows.append(
            {
                "model_name": "population_mean_spend",
                "parameter_name": "mean_spend",
                "estimate": fitted.fallback_spend,
                "std_error": float("nan"),
                "time_unit": None,
                "log_likelihood": float("nan"),
                "customers_fitted": len(fitted.summary),
                "fitted_through": through,
            }
        )
    return pd.DataFrame(rows, columns=list(PARAMETER_COLUMNS))


def clv_parameters(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
) -> pd.DataFrame:
    """Fit the models on the full window and return :func:`parameter_table`."""
    return parameter_table(fit_clv_models(customer_days, observation_end, time_unit, penalizer))
