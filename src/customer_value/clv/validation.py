"""Holdout validation of the CLV models against each other and a naive baseline.

The observed period is split at ``calibration_end = observation_end - holdout_days``.
Every model is fitted once on the calibration period (:func:`customer_value.clv.fit_clv_models`,
with left-truncated history fitted as left-censored) and predicts, for each customer first
seen in calibration, the holdout period ``(calibration_end, observation_end]``:

* ``bgnbd_gamma_gamma``, ``mbgnbd_gamma_gamma``, ``pareto_nbd_gamma_gamma``: the purchase
  model's conditional expected purchases and P(buys again), times the Gamma-Gamma conditional
  expected spend per purchase, with simulated 80% intervals per customer and for the totals
  (:mod:`customer_value.clv.intervals`);
* ``<the same>_seasonal``: those predictions rescaled by the calendar index when calibration
  spans a year (:mod:`customer_value.clv.seasonal`; NaN otherwise; no intervals);
* ``ml_gradient_boosting``: :class:`~customer_value.clv.ml.NextPeriodModel` with a period of
  ``holdout_days`` trained on the calibration period only;
* ``naive_carry_forward``: the calibration purchase rate ``frequency / T`` and spend rate
  ``frequency * monetary_value / T`` carried forward over the holdout length (as the models
  see them: left-censored customers from the data start); P(buys again)
  ``= 1 - exp(-predicted purchases)`` (Poisson).

Purchases are purchase days; spend is net revenue. Metrics:
:mod:`customer_value.clv.holdout_metrics`.

With more calibration customers than ``sample_size``, every model is fitted on all of them but
predicts the holdout for a sample of ``sample_size``
(:mod:`customer_value.clv.holdout_sample`).
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from customer_value.clv._units import days_per_unit
from customer_value.clv.fit_store import fits_table
from customer_value.clv.fitting import PURCHASE_MODELS, fit_clv_models
from customer_value.clv.history import LEFT_CENSORED
from customer_value.clv.holdout_metrics import calibration_plot_table, validation_metrics
from customer_value.clv.holdout_sample import DEFAULT_SAMPLE_SIZE, restricted_to_sample
from customer_value.clv.intervals import DEFAULT_DRAWS, predictive_intervals
from customer_value.clv.ml import NextPeriodModel
from customer_value.clv.seasonal import calendar_index, seasonal_multipliers
from customer_value.clv.summary import prepare_customer_days

logger = logging.getLogger(__name__)

SEASONAL_SUFFIX = "_seasonal"
MODELS = (
    *(f"{name}_gamma_gamma" for name in PURCHASE_MODELS),
    *(f"{name}_gamma_gamma{SEASONAL_SUFFIX}" for name in PURCHASE_MODELS),
    "ml_gradient_boosting",
    "naive_carry_forward",
)
PREDICTION_COLUMNS = (
    "predicted_purchases",
    "predicted_spend",
    "purchase_probability",
    "purchases_lower",
    "purchases_upper",
    "spend_lower",
    "spend_upper",
    "purchases_pit",
    "spend_pit",
    "total_purchases_lower",
    "total_purchases_upper",
    "total_spend_lower",
    "total_spend_upper",
)
HOLDOUT_COLUMNS = (
    "model",
    "customer_id",
    "calibration_frequency",
    "history_treatment",
    *PREDICTION_COLUMNS,
    "actual_purchases",
    "actual_spend",
)


def as_of_calibration_end(
    customer_days: pd.DataFrame, calibration_days: pd.DataFrame, calibration_end
) -> pd.DataFrame:
    """The days a calibration fit may see beside the holdout actuals.

    ``calibration_days`` (netted only with cancellations dated on or before ``calibration_end``,
    the warehouse's ``int_calibration_customer_days_aggregated``) up to ``calibration_end``,
    followed by the rows of ``customer_days`` (netted with every cancellation) after it, in
    customer order (stable, so each customer's days keep their order: prepared inputs give a
    prepared frame, which :func:`prepare_customer_days` only checks).
    """
    cutoff = pd.Timestamp(calibration_end)
    cal_dates = pd.to_datetime(calibration_days["order_date"])
    if (cal_dates > cutoff).any():
        raise ValueError(
            f"calibration_days has rows after the calibration end {cutoff.date()}: pass the "
            "customer days netted as of the calibration end"
        )
    later = pd.to_datetime(customer_days["order_date"]) > cutoff
    columns = ["customer_id", "order_date", "net_revenue"]
    combined = pd.concat(
        [calibration_days.loc[:, columns], customer_days.loc[later, columns]], ignore_index=True
    )
    return combined.sort_values("customer_id", kind="stable", ignore_index=True)


def _btyd_predictions(fitted, t: float, horizon_days: int, n_draws: int, seed: int) -> dict:
    """Stationary and seasonal predictions of every fitted purchase model (module docstring)."""
    summary = fitted.fit_summary
    actual = pd.DataFrame(
        {"purchases": summary["holdout_purchases"], "spend": summary["holdout_spend"]}
    ).reset_index(drop=True)
    spend_per_purchase = fitted.expected_average_spend()
    index = calendar_index(fitted.days, fitted.observation_end)
    if index is None:
        logger.info("calibration shorter than a year: no seasonal predictions")
        purchase_factor = spend_factor = None
    else:
        first_seen = fitted.days.groupby("customer_id")["order_date"].min()
        history_start = first_seen.reindex(summary["customer_id"]).reset_index(drop=True)
        censored = (summary["history_treatment"] == LEFT_CENSORED).to_numpy()
        history_start[censored] = fitted.truncation.data_start
        purchase_factor, spend_factor = seasonal_multipliers(
            index, history_start, fitted.observation_end, horizon_days
        )
    out = {}
    for name, model in fitted.purchase_models.items():
        purchases = model.expected_purchases(t, summary).to_numpy()
        prob = model.probability_of_purchase(t, summary).to_numpy()
        bands = predictive_intervals(
            model, summary, t, fitted.gamma_gamma, fitted.fallback_spend, n_draws, seed, actual
        )
        out[f"{name}_gamma_gamma"] = {
            "predicted_purchases": purchases,
            "predicted_spend": purchases * spend_per_purchase,
            "purchase_probability": prob,
            "purchases_lower": bands.purchases_lower,
            "purchases_upper": bands.purchases_upper,
            "spend_lower": bands.spend_lower,
            "spend_upper": bands.spend_upper,
            "purchases_pit": bands.purchases_pit,
            "spend_pit": bands.spend_pit,
            "total_purchases_lower": bands.total_purchases[0],
            "total_purchases_upper": bands.total_purchases[1],
            "total_spend_lower": bands.total_spend[0],
            "total_spend_upper": bands.total_spend[1],
        }
        if purchase_factor is not None:
            seasonal = purchases * purchase_factor
            out[f"{name}_gamma_gamma{SEASONAL_SUFFIX}"] = {
                "predicted_purchases": seasonal,
                "predicted_spend": seasonal * spend_per_purchase * spend_factor,
                "purchase_probability": prob,
            }
    return out


def _ml_predictions(cal_days, cal_end, holdout_days, time_unit, seed, customers) -> dict:
    try:
        ml = NextPeriodModel(period_days=int(holdout_days), time_unit=time_unit, seed=seed)
        pred = ml.fit(cal_days, cal_end).predict(customers=customers)
        pred = pred.set_index("customer_id").reindex(customers)
    except ValueError as exc:
        warnings.warn(f"ml_gradient_boosting not fitted: {exc}", RuntimeWarning, stacklevel=3)
        return {}
    return {
        "predicted_purchases": pred["predicted_purchases"].to_numpy(),
        "predicted_spend": pred["predicted_spend"].to_numpy(),
        "purchase_probability": pred["purchase_probability"].to_numpy(),
    }


def _naive_predictions(summary: pd.DataFrame, t: float) -> dict:
    x = summary["frequency"].to_numpy(dtype=float)
    T = summary["T"].to_numpy()
    m = summary["monetary_value"].to_numpy()
    safe_T = np.where(T > 0, T, 1.0)
    purchases = np.where(T > 0, x / safe_T, 0.0) * t
    return {
        "predicted_purchases": purchases,
        "predicted_spend": np.where(T > 0, x * m / safe_T, 0.0) * t,
        "purchase_probability": -np.expm1(-purchases),
    }


def holdout_predictions(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
    calibration_days: pd.DataFrame | None = None,
    left_truncation: str = "auto",
    n_draws: int = DEFAULT_DRAWS,
    fits: pd.DataFrame | None = None,
    sample_size: int | None = DEFAULT_SAMPLE_SIZE,
) -> pd.DataFrame:
    """Per customer and model: holdout predictions next to the actuals.

    ``calibration_days``, when given, replaces ``customer_days`` up to the calibration end
    (see :func:`as_of_calibration_end`): without it, cancellations made in the holdout are
    already netted into the calibration purchases. ``left_truncation``: see
    :func:`customer_value.clv.fit_clv_models`. ``n_draws``: simulated draws per customer for
    the intervals. ``fits``: the calibration window's models as stored by
    :func:`calibration_fits`, restored instead of fitted again. ``sample_size``: the most
    calibration customers predicted (:func:`~customer_value.clv.holdout_sample.holdout_sample`;
    None = all); the models are fitted on all of them either way.

    Returns
    -------
    pandas.DataFrame
        Long table with :data:`HOLDOUT_COLUMNS`: ``model``, ``customer_id``,
        ``calibration_frequency`` (repeat purchase days seen in calibration),
        ``history_treatment`` (how the purchase models saw the customer:
        first_purchase_observed or left_censored), ``predicted_purchases``,
        ``predicted_spend``, ``purchase_probability``, the 80% interval per customer
        (``purchases_lower/upper``, ``spend_lower/upper``) and of the model's totals
        (``total_*_lower/upper``, the same on every row of a model; NaN for models without
        intervals), ``actual_purchases`` and ``actual_spend``. A model that cannot be fitted
        gets NaN predictions and a warning.
    """
    fitted, end, cal_end = _fit_calibration_window(
        customer_days,
        observation_end,
        holdout_days,
        calibration_days,
        time_unit,
        penalizer,
        left_truncation,
        fits,
    )
    fitted = restricted_to_sample(fitted, sample_size)
    summary = fitted.summary
    for name in PURCHASE_MODELS:
        if name not in fitted.purchase_models:
            warnings.warn(
                f"{name}_gamma_gamma not fitted: its holdout predictions are NaN",
                RuntimeWarning,
                stacklevel=2,
            )
    t = holdout_days / days_per_unit(time_unit)
    logger.info(
        "validation: %d calibration customers, calibration to %s, holdout %d days",
        len(summary),
        cal_end.date(),
        holdout_days,
    )
    predictions = _btyd_predictions(fitted, t, int(holdout_days), n_draws, seed)
    predictions["ml_gradient_boosting"] = _ml_predictions(
        fitted.days, cal_end, holdout_days, time_unit, seed, summary["customer_id"]
    )
    predictions["naive_carry_forward"] = _naive_predictions(fitted.fit_summary, t)

    frames = []
    for name in MODELS:
        frame = pd.DataFrame(
            {
                "model": name,
                "customer_id": summary["customer_id"].to_numpy(),
                "calibration_frequency": summary["frequency"].to_numpy(),
                "history_treatment": summary["history_treatment"].to_numpy(),
            }
        )
        values = predictions.get(name, {})
        for column in PREDICTION_COLUMNS:
            frame[column] = values.get(column, np.nan)
        frame["actual_purchases"] = summary["holdout_purchases"].to_numpy()
        frame["actual_spend"] = summary["holdout_spend"].to_numpy()
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True).loc[:, list(HOLDOUT_COLUMNS)]
    out.attrs.update(
        calibration_end=cal_end,
        observation_end=end,
        time_unit=time_unit,
        left_truncation=fitted.truncation.describe(),
    )
    return out


def calibration_fits(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    penalizer: float = 0.0,
    calibration_days: pd.DataFrame | None = None,
    left_truncation: str = "auto",
) -> pd.DataFrame:
    """Every model fitted once on the calibration window of :func:`holdout_predictions` (same
    arguments), as the table of :func:`customer_value.clv.fit_store.fits_table` it restores the
    models from."""
    fitted, _, _ = _fit_calibration_window(
        customer_days,
        observation_end,
        holdout_days,
        calibration_days,
        time_unit,
        penalizer,
        left_truncation,
    )
    return fits_table(fitted)


def _fit_calibration_window(
    customer_days,
    observation_end,
    holdout_days,
    calibration_days,
    time_unit,
    penalizer,
    left_truncation,
    fits=None,
) -> tuple:
    """The models of the calibration window (restored from ``fits`` when given), the
    observation end and the calibration end."""
    days, end, cal_end = _holdout_window(
        customer_days, observation_end, holdout_days, calibration_days
    )
    fitted = fit_clv_models(
        days,
        end,
        time_unit,
        penalizer,
        left_truncation,
        calibration_end=cal_end,
        require_bgnbd=False,
        fits=fits,
    )
    return fitted, end, cal_end


def _holdout_window(customer_days, observation_end, holdout_days, calibration_days) -> tuple:
    """The days a calibration fit sees (see :func:`as_of_calibration_end`), the observation
    end and the calibration end; raises when fewer than 2 customers are seen in calibration."""
    if holdout_days <= 0:
        raise ValueError(f"holdout_days must be positive; got {holdout_days}")
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    cal_end = end - pd.Timedelta(days=int(holdout_days))
    if calibration_days is not None:
        days = prepare_customer_days(as_of_calibration_end(days, calibration_days, cal_end), end)
    first_seen = days.loc[days["order_date"] <= cal_end, "customer_id"].nunique()
    if first_seen < 2:
        raise ValueError(
            f"validation needs at least 2 customers first seen in calibration (on or before "
            f"{cal_end.date()}, the observation end minus holdout_days = {holdout_days}); "
            f"got {first_seen}: {_advice_for_too_few(days)}"
        )
    return days, end, cal_end


def validate_models(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
) -> pd.DataFrame:
    """Fit every model on calibration data and score it on the holdout period.

    Returns the long table of :func:`customer_value.clv.validation_metrics`. For the
    calibration-plot table without refitting, call :func:`holdout_predictions` once and pass
    its output to both :func:`validation_metrics` and :func:`calibration_plot_table`.
    """
    preds = holdout_predictions(
        customer_days, observation_end, holdout_days, time_unit, seed, penalizer
    )
    return validation_metrics(preds)


def calibration_plot(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
    max_bucket: int = 7,
) -> pd.DataFrame:
    """:func:`calibration_plot_table` of a fresh :func:`holdout_predictions` run."""
    preds = holdout_predictions(
        customer_days, observation_end, holdout_days, time_unit, seed, penalizer
    )
    return calibration_plot_table(preds, max_bucket=max_bucket)


def _advice_for_too_few(days: pd.DataFrame) -> str:
    """What helps when too few customers are seen in calibration: a shorter holdout, unless the
    data holds fewer than 2 customers in all."""
    customers = days["customer_id"].nunique()
    if customers >= 2:
        return "lower holdout_days or use more data"
    return (
        f"the data has {customers} customer in all, so lowering holdout_days cannot help: "
        "use more data"
    )
