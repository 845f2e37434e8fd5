"""Per-customer CLV predictions and fitted-parameter tables for the warehouse.

Pure functions (DataFrames in, DataFrames out) for the dbt Python models. Every model is
fitted once on the full observed window up to ``observation_end``
(:func:`customer_value.clv.fit_clv_models`); the per-customer table has one row per customer
and purchase model, and the warehouse keeps the model the holdout validation picks
(:func:`customer_value.clv.choose_clv_model`, model clv_model_choice).
"""

from __future__ import annotations

import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pandas as pd

from customer_value.clv._units import DAYS_PER_MONTH, months_to_units
from customer_value.clv.fit_store import GAMMA_GAMMA, fits_table, restore_models
from customer_value.clv.fitting import (
    PURCHASE_MODELS,
    FittedCLVModels,
    check_fitted_on,
    fit_clv_models,
)
from customer_value.clv.history import LEFT_CENSORED
from customer_value.clv.intervals import predictive_intervals
from customer_value.clv.lifetime_value import customer_lifetime_value
from customer_value.clv.ml import NextPeriodModel
from customer_value.clv.seasonal import calendar_index, seasonal_multipliers
from customer_value.clv.summary import prepare_customer_days

logger = logging.getLogger(__name__)

#: From this many customers on, the table's independent parts (each purchase model's columns
#: with its interval simulation, and the ML columns) run on two threads: their heavy parts
#: (NumPy's random draws and sorts, scikit-learn's tree traversal) release the interpreter lock,
#: and each part draws from its own seeded generator, so the table is the same either way. At
#: 100M lines (651,529 customers) this table's node runs alone for minutes after the holdout
#: validation beside it ends; on the real data (about 5,000 customers) a second thread beside
#: the other model's two measured slower (README, Performance).
TWO_THREADS_FROM_CUSTOMERS = 100_000

CUSTOMER_VALUE_COLUMNS = (
    "customer_id",
    "clv_model",
    "history_treatment",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "p_alive",
    "expected_purchases",
    "expected_purchases_lower",
    "expected_purchases_upper",
    "expected_average_spend",
    "expected_spend",
    "predicted_clv",
    "predicted_clv_lower",
    "predicted_clv_upper",
    "predicted_clv_seasonal",
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


def _seasonal_factor(fitted: FittedCLVModels, horizon_days: int) -> np.ndarray:
    """Purchase x spend calendar multiplier per customer over the horizon (NaN under a year)."""
    index = calendar_index(fitted.days, fitted.observation_end)
    summary = fitted.fit_summary
    if index is None:
        return np.full(len(summary), np.nan)
    first_seen = fitted.days.groupby("customer_id")["order_date"].min()
    start = first_seen.reindex(summary["customer_id"]).reset_index(drop=True)
    start[(summary["history_treatment"] == LEFT_CENSORED).to_numpy()] = fitted.truncation.data_start
    purchases, spend = seasonal_multipliers(index, start, fitted.observation_end, horizon_days)
    return purchases * spend


def _ml_columns(fitted, customer_days, horizon_months, seed, customers) -> tuple:
    period_days = int(round(horizon_months * DAYS_PER_MONTH))
    try:
        ml = NextPeriodModel(
            period_days=period_days, time_unit=fitted.time_unit, seed=seed, purchase_days=False
        )
        pred = ml.fit(customer_days, fitted.observation_end).predict()
    except ValueError as exc:
        warnings.warn(
            f"ML columns left NaN: {exc} (the window must be longer than the "
            f"{horizon_months}-month horizon)",
            RuntimeWarning,
            stacklevel=3,
        )
        return np.nan, np.nan
    pred = pred.set_index("customer_id").reindex(customers)
    return pred["purchase_probability"].to_numpy(), pred["predicted_spend"].to_numpy()


def _one_model_columns(fitted, name, horizon_months, monthly_discount_rate, margin, seed, n_draws):
    model = fitted.purchase_models[name]
    summary = fitted.fit_summary
    horizon = months_to_units(horizon_months, fitted.time_unit)
    spend = fitted.expected_average_spend()
    purchases = model.expected_purchases(horizon, summary).to_numpy()
    clv = customer_lifetime_value(
        model,
        spend,
        summary,
        horizon_months=horizon_months,
        monthly_discount_rate=monthly_discount_rate,
        margin=margin,
        time_unit=fitted.time_unit,
    ).to_numpy()
    bands = predictive_intervals(
        model, summary, horizon, fitted.gamma_gamma, fitted.fallback_spend, n_draws, seed
    )
    # the spend interval discounted at the customer's own expected discount factor
    discount = np.divide(clv, purchases * spend * margin, out=np.ones_like(clv), where=clv > 0)
    out = fitted.summary.loc[:, ["customer_id", "frequency", "recency", "T", "monetary_value"]]
    out.insert(1, "clv_model", name)
    out.insert(2, "history_treatment", summary["history_treatment"].to_numpy())
    out["p_alive"] = model.probability_alive(summary).to_numpy()
    out["expected_purchases"] = purchases
    out["expected_purchases_lower"] = bands.purchases_lower
    out["expected_purchases_upper"] = bands.purchases_upper
    out["expected_average_spend"] = spend
    out["expected_spend"] = purchases * spend
    out["predicted_clv"] = clv
    out["predicted_clv_lower"] = bands.spend_lower * margin * discount
    out["predicted_clv_upper"] = bands.spend_upper * margin * discount
    horizon_days = int(round(horizon_months * DAYS_PER_MONTH))
    out["predicted_clv_seasonal"] = clv * _seasonal_factor(fitted, horizon_days)
    return out


def customer_value_table(
    fitted: FittedCLVModels,
    customer_days: pd.DataFrame | None = None,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    margin: float = 1.0,
    seed: int = 42,
    clv_models: tuple[str, ...] | None = None,
    n_draws: int = 200,
) -> pd.DataFrame:
    """One row per customer and purchase model from already fitted models (see
    :func:`predict_customer_value`).

    ``clv_models`` names the purchase models (keys of ``fitted.purchase_models``; default: every
    fitted one). ``customer_days`` is needed for the ML columns (the same on every model's
    rows); without it they are NaN.
    """
    names = tuple(fitted.purchase_models) if clv_models is None else tuple(clv_models)
    unknown = [name for name in names if name not in fitted.purchase_models]
    if unknown:
        raise ValueError(
            f"clv_models {unknown} are not fitted purchase models; fitted: "
            f"{sorted(fitted.purchase_models)}"
        )
    parts = {}
    if customer_days is not None:
        customers = fitted.summary["customer_id"]
        parts["ml"] = partial(_ml_columns, fitted, customer_days, horizon_months, seed, customers)
    for name in names:
        parts[name] = partial(
            _one_model_columns,
            fitted,
            name,
            horizon_months,
            monthly_discount_rate,
            margin,
            seed,
            n_draws,
        )
    threads = 2 if len(fitted.summary) >= TWO_THREADS_FROM_CUSTOMERS else 1
    done = _run_parts(parts, threads)
    prob, ml_spend = done.pop("ml", (np.nan, np.nan))
    frames = []
    for name in names:
        out = done[name]
        out["ml_purchase_probability"] = prob
        out["ml_predicted_spend"] = ml_spend
        frames.append(out)
    table = pd.concat(frames, ignore_index=True)
    return table.loc[:, list(CUSTOMER_VALUE_COLUMNS)]


def _run_parts(parts: dict, threads: int) -> dict:
    """Each callable's result by its key, computed in order or on ``threads`` threads (in the
    order given: the longest first keeps both threads busy); an error propagates."""
    if threads <= 1:
        return {key: part() for key, part in parts.items()}
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="clv_table") as pool:
        futures = {key: pool.submit(part) for key, part in parts.items()}
        return {key: future.result() for key, future in futures.items()}


def predict_customer_value(
    customer_days: pd.DataFrame,
    observation_end,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    margin: float = 1.0,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
    clv_models: tuple[str, ...] | None = None,
    left_truncation: str = "auto",
    fits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per-customer purchase, spend and CLV predictions over the next ``horizon_months``, one
    row per customer and purchase model.

    Each purchase model in ``clv_models`` (default: every one that fitted of "bgnbd",
    "mbgnbd", "pareto_nbd") for purchases and P(alive), Gamma-Gamma for spend per purchase
    (population mean fallback without repeat customers), discounted CLV with a simulated 80%
    interval, the seasonal CLV, and the ML next-period models with a period of
    ``horizon_months`` months.

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
        Seed of the ML models and the interval simulation.
    penalizer : float, default 0
    clv_models : tuple of str, optional
    left_truncation : {"auto", "ignore"}, default "auto"
    fits : pandas.DataFrame, optional
        The window's models as stored by :func:`observation_fits`: restored, not fitted again.

    Returns
    -------
    pandas.DataFrame
        One row per customer and purchase model with :data:`CUSTOMER_VALUE_COLUMNS`:
        ``customer_id``, ``clv_model``, ``history_treatment`` (first_purchase_observed or
        left_censored), ``frequency``, ``recency``, ``T``, ``monetary_value`` (as observed),
        ``p_alive``, ``expected_purchases`` (repeat purchase days over the horizon) with its
        80% interval, ``expected_average_spend`` (per purchase), ``expected_spend``
        (undiscounted, = expected_purchases * expected_average_spend), ``predicted_clv``
        (discounted, times margin) with its 80% interval, ``predicted_clv_seasonal`` (NaN under
        a year of data), ``ml_purchase_probability`` and ``ml_predicted_spend`` (NaN when the
        history is too short for the ML models).
    """
    fitted = fit_clv_models(
        customer_days, observation_end, time_unit, penalizer, left_truncation, fits=fits
    )
    return customer_value_table(
        fitted, customer_days, horizon_months, monthly_discount_rate, margin, seed, clv_models
    )


def parameter_table(fitted: FittedCLVModels) -> pd.DataFrame:
    """Long table of fitted parameters, one row per model and parameter.

    Columns: ``model_name`` ("bgnbd", "mbgnbd", "pareto_nbd", "gamma_gamma", or
    "population_mean_spend" for the fallback), ``parameter_name``, ``estimate``,
    ``std_error``, ``time_unit`` (of the rate parameters; None for the spend models,
    whose ``gamma`` / mean spend are in currency units), ``log_likelihood``,
    ``customers_fitted`` (Gamma-Gamma: repeat customers), ``fitted_through`` (observation_end
    as a date).
    """
    through = fitted.observation_end.date()
    rows = _model_parameter_rows(
        fitted.purchase_models, fitted.gamma_gamma, fitted.time_unit, through
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


def _model_parameter_rows(purchase_models: dict, gamma_gamma, time_unit: str, through) -> list:
    """:func:`parameter_table`'s rows of the fitted models (purchase models in ``time_unit``,
    Gamma-Gamma in currency)."""
    models = [(name, model, time_unit) for name, model in purchase_models.items()]
    models.append(("gamma_gamma", gamma_gamma, None))
    rows = []
    for name, model, unit in models:
        if model is None:
            continue
        for param, estimate in model.params_.items():
            rows.append(
                {
                    "model_name": name,
                    "parameter_name": param,
                    "estimate": float(estimate),
                    "std_error": float(model.std_errors_[param]),
                    "time_unit": unit,
                    "log_likelihood": float(model.log_likelihood_),
                    "customers_fitted": int(model.n_customers_),
                    "fitted_through": through,
                }
            )
    return rows


def clv_parameters(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
    left_truncation: str = "auto",
    fits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`parameter_table` of the models of the full window: fitted, or restored from
    ``fits`` (as stored by :func:`observation_fits`).

    Restored with a Gamma-Gamma fit among them, the table needs nothing of the customer days
    but their customers, counted to refuse fits of other data (as :func:`fit_clv_models`
    does): the window's summary and left-truncation check, most of the work at 650,000
    customers, are skipped. Without Gamma-Gamma, the fallback spend row reads the days."""
    if fits is None or GAMMA_GAMMA not in set(fits.get("model_name", ())):
        fitted = fit_clv_models(
            customer_days, observation_end, time_unit, penalizer, left_truncation, fits=fits
        )
        return parameter_table(fitted)
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    purchase_models, gamma_gamma = restore_models(fits, PURCHASE_MODELS, None, end)
    check_fitted_on(purchase_models, days["customer_id"].nunique())
    rows = _model_parameter_rows(purchase_models, gamma_gamma, time_unit, end.date())
    return pd.DataFrame(rows, columns=list(PARAMETER_COLUMNS))


def observation_fits(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
    left_truncation: str = "auto",
) -> pd.DataFrame:
    """Every model fitted once on the full window up to ``observation_end``, as the table of
    :func:`customer_value.clv.fit_store.fits_table` that :func:`clv_parameters` and
    :func:`predict_customer_value` restore the models from."""
    fitted = fit_clv_models(customer_days, observation_end, time_unit, penalizer, left_truncation)
    return fits_table(fitted)
