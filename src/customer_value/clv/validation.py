"""Holdout validation of the CLV models against each other and a naive baseline.

The observed period is split at ``calibration_end = observation_end - holdout_days``.
Every model is fitted on the calibration period only and predicts, for each customer first
seen in calibration, the holdout period ``(calibration_end, observation_end]``:

* ``bgnbd_gamma_gamma``: BG/NBD conditional expected purchases and P(buys again), times the
  Gamma-Gamma conditional expected spend per purchase;
* ``mbgnbd_gamma_gamma``: the same with MBG/NBD;
* ``ml_gradient_boosting``: :class:`~customer_value.clv.ml.NextPeriodModel` with a period of
  ``holdout_days`` (trained on features to ``calibration_end - holdout_days``, labels up to
  ``calibration_end``);
* ``naive_carry_forward``: the calibration repeat-purchase rate ``frequency / T`` and repeat
  spend rate ``frequency * monetary_value / T`` carried forward over the holdout length;
  P(buys again) ``= 1 - exp(-predicted purchases)`` (Poisson).

Purchases are purchase days; spend is net revenue.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from customer_value.clv._optimize import ConvergenceError
from customer_value.clv._units import days_per_unit
from customer_value.clv.bgnbd import BetaGeoModel
from customer_value.clv.gamma_gamma import GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.mbgnbd import ModifiedBetaGeoModel
from customer_value.clv.ml import NextPeriodModel
from customer_value.clv.summary import prepare_customer_days, rfm_summary

logger = logging.getLogger(__name__)

MODELS = ("bgnbd_gamma_gamma", "mbgnbd_gamma_gamma", "ml_gradient_boosting", "naive_carry_forward")
METRICS = (
    "customers",
    "total_purchases_pct_error",
    "total_spend_pct_error",
    "purchases_mae",
    "purchases_rmse",
    "spend_mae",
    "spend_rmse",
    "purchases_spearman",
    "spend_spearman",
    "buy_again_auc",
    "top10pct_revenue_share",
)


def _expected_spend(summary, penalizer, days) -> np.ndarray:
    try:
        gg = GammaGammaModel(penalizer=penalizer).fit(summary)
        return gg.expected_spend(summary).to_numpy()
    except (NoRepeatCustomersError, ConvergenceError) as exc:
        fallback = float(days["net_revenue"].mean())
        warnings.warn(
            f"Gamma-Gamma not fitted ({exc}); using the mean spend per "
            f"purchase day {fallback:.2f} for everyone",
            RuntimeWarning,
            stacklevel=3,
        )
        return np.full(len(summary), fallback)


def holdout_predictions(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
) -> pd.DataFrame:
    """Per customer and model: holdout predictions next to the actuals.

    Returns
    -------
    pandas.DataFrame
        Long table with ``model``, ``customer_id``, ``calibration_frequency``,
        ``predicted_purchases``, ``predicted_spend``, ``purchase_probability``,
        ``actual_purchases`` and ``actual_spend``. A model that cannot be fitted (e.g. not
        enough history for the ML model) gets NaN predictions and a warning.
    """
    if holdout_days <= 0:
        raise ValueError(f"holdout_days must be positive; got {holdout_days}")
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    cal_end = end - pd.Timedelta(days=int(holdout_days))
    summary = rfm_summary(days, end, time_unit=time_unit, calibration_end=cal_end)
    if len(summary) < 2:
        customers = days["customer_id"].nunique()
        advice = (
            "lower holdout_days or use more data"
            if customers >= 2
            else f"the data has {customers} customer in all, so lowering holdout_days cannot "
            "help: use more data"
        )
        raise ValueError(
            f"validation needs at least 2 customers first seen in calibration (on or before "
            f"{cal_end.date()}, the observation end minus holdout_days = {holdout_days}); "
            f"got {len(summary)}: {advice}"
        )
    cal_days = days.loc[days["order_date"] <= cal_end]
    t = holdout_days / days_per_unit(time_unit)
    n = len(summary)
    logger.info(
        "validation: %d calibration customers, calibration to %s, holdout %d days",
        n,
        cal_end.date(),
        holdout_days,
    )
    spend_per_purchase = _expected_spend(summary, penalizer, cal_days)
    predictions: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for name, cls in (
        ("bgnbd_gamma_gamma", BetaGeoModel),
        ("mbgnbd_gamma_gamma", ModifiedBetaGeoModel),
    ):
        try:
            model = cls(penalizer=penalizer).fit(summary)
        except ValueError as exc:
            warnings.warn(f"{name} not fitted: {exc}", RuntimeWarning, stacklevel=2)
            predictions[name] = (np.full(n, np.nan),) * 3
            continue
        purchases = model.expected_purchases(t, summary).to_numpy()
        prob = model.probability_of_purchase(t, summary).to_numpy()
        predictions[name] = (purchases, purchases * spend_per_purchase, prob)

    try:
        ml = NextPeriodModel(period_days=int(holdout_days), time_unit=time_unit, seed=seed)
        ml_pred = ml.fit(cal_days, cal_end).predict()
        ml_pred = ml_pred.set_index("customer_id").reindex(summary["customer_id"])
        predictions["ml_gradient_boosting"] = (
            ml_pred["predicted_purchases"].to_numpy(),
            ml_pred["predicted_spend"].to_numpy(),
            ml_pred["purchase_probability"].to_numpy(),
        )
    except ValueError as exc:
        warnings.warn(f"ml_gradient_boosting not fitted: {exc}", RuntimeWarning, stacklevel=2)
        predictions["ml_gradient_boosting"] = (np.full(n, np.nan),) * 3

    x = summary["frequency"].to_numpy(dtype=float)
    T = summary["T"].to_numpy()
    m = summary["monetary_value"].to_numpy()
    safe_T = np.where(T > 0, T, 1.0)
    rate = np.where(T > 0, x / safe_T, 0.0)
    spend_rate = np.where(T > 0, x * m / safe_T, 0.0)
    naive_purchases = rate * t
    predictions["naive_carry_forward"] = (
        naive_purchases,
        spend_rate * t,
        -np.expm1(-naive_purchases),
    )

    frames = []
    for name in MODELS:
        purchases, spend, prob = predictions[name]
        frames.append(
            pd.DataFrame(
                {
                    "model": name,
                    "customer_id": summary["customer_id"].to_numpy(),
                    "calibration_frequency": summary["frequency"].to_numpy(),
                    "predicted_purchases": purchases,
                    "predicted_spend": spend,
                    "purchase_probability": prob,
                    "actual_purchases": summary["holdout_purchases"].to_numpy(),
                    "actual_spend": summary["holdout_spend"].to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(calibration_end=cal_end, observation_end=end, time_unit=time_unit)
    return out


def _pct_error(pred: np.ndarray, actual: np.ndarray) -> float:
    total = actual.sum()
    return float(100.0 * (pred.sum() - total) / total) if total > 0 else float("nan")


def _spearman(pred: np.ndarray, actual: np.ndarray) -> float:
    if np.ptp(pred) == 0 or np.ptp(actual) == 0:
        return float("nan")
    return float(spearmanr(pred, actual).statistic)


def _top_share(pred: np.ndarray, actual: np.ndarray, share: float = 0.1) -> float:
    total = actual.sum()
    if total <= 0:
        return float("nan")
    k = max(1, int(np.ceil(share * len(pred))))
    order = np.argsort(-pred, kind="stable")
    return float(actual[order[:k]].sum() / total)


def _model_metrics(group: pd.DataFrame) -> dict[str, float]:
    pred_n = group["predicted_purchases"].to_numpy(dtype=float)
    pred_s = group["predicted_spend"].to_numpy(dtype=float)
    prob = group["purchase_probability"].to_numpy(dtype=float)
    act_n = group["actual_purchases"].to_numpy(dtype=float)
    act_s = group["actual_spend"].to_numpy(dtype=float)
    values = dict.fromkeys(METRICS, float("nan"))
    values["customers"] = float(len(group))
    if not (np.all(np.isfinite(pred_n)) and np.all(np.isfinite(pred_s))):
        return values
    bought = act_n > 0
    values.update(
        total_purchases_pct_error=_pct_error(pred_n, act_n),
        total_spend_pct_error=_pct_error(pred_s, act_s),
        purchases_mae=float(np.mean(np.abs(pred_n - act_n))),
        purchases_rmse=float(np.sqrt(np.mean((pred_n - act_n) ** 2))),
        spend_mae=float(np.mean(np.abs(pred_s - act_s))),
        spend_rmse=float(np.sqrt(np.mean((pred_s - act_s) ** 2))),
        purchases_spearman=_spearman(pred_n, act_n),
        spend_spearman=_spearman(pred_s, act_s),
        top10pct_revenue_share=_top_share(pred_s, act_s),
    )
    if 0 < bought.sum() < len(bought) and np.all(np.isfinite(prob)):
        values["buy_again_auc"] = float(roc_auc_score(bought, prob))
    return values


def validation_metrics(predictions: pd.DataFrame) -> pd.DataFrame:
    """Long table ``model, metric, value`` from :func:`holdout_predictions` output.

    Metrics: ``customers``; ``total_purchases_pct_error`` and ``total_spend_pct_error``
    (100 * (predicted total - actual total) / actual total); customer-level
    ``purchases_mae``, ``purchases_rmse``, ``spend_mae``, ``spend_rmse``; Spearman rank
    correlations ``purchases_spearman`` and ``spend_spearman``; ``buy_again_auc`` (ROC AUC
    of the predicted probability of at least one holdout purchase); and
    ``top10pct_revenue_share`` (share of actual holdout revenue from the 10% of customers
    with the highest predicted spend). NaN where a metric is undefined.
    """
    rows = []
    for model in pd.unique(predictions["model"]):
        metrics = _model_metrics(predictions.loc[predictions["model"] == model])
        rows.extend({"model": model, "metric": k, "value": v} for k, v in metrics.items())
    return pd.DataFrame(rows, columns=["model", "metric", "value"])


def calibration_plot_table(predictions: pd.DataFrame, max_bucket: int = 7) -> pd.DataFrame:
    """Mean predicted vs actual holdout purchases per calibration-frequency bucket.

    Buckets ``0, 1, ..., max_bucket - 1`` and ``max_bucket+`` (label ``"7+"`` by default).

    Returns
    -------
    pandas.DataFrame
        ``model``, ``frequency_bucket`` (int, the top bucket is ``max_bucket``),
        ``frequency_label`` (str), ``customers``, ``mean_predicted_purchases``,
        ``mean_actual_purchases``.
    """
    bucket = np.minimum(predictions["calibration_frequency"].to_numpy(), max_bucket)
    frame = predictions.assign(frequency_bucket=bucket)
    out = (
        frame.groupby(["model", "frequency_bucket"], sort=False)
        .agg(
            customers=("customer_id", "size"),
            mean_predicted_purchases=("predicted_purchases", "mean"),
            mean_actual_purchases=("actual_purchases", "mean"),
        )
        .reset_index()
    )
    out["model"] = pd.Categorical(out["model"], categories=pd.unique(predictions["model"]))
    out = out.sort_values(["model", "frequency_bucket"]).reset_index(drop=True)
    out["model"] = out["model"].astype(str)
    labels = out["frequency_bucket"].astype(str)
    out["frequency_label"] = labels.where(out["frequency_bucket"] < max_bucket, f"{max_bucket}+")
    return out.loc[
        :,
        [
            "model",
            "frequency_bucket",
            "frequency_label",
            "customers",
            "mean_predicted_purchases",
            "mean_actual_purchases",
        ],
    ]


def validate_models(
    customer_days: pd.DataFrame,
    observation_end,
    holdout_days: int = 180,
    time_unit: str = "weeks",
    seed: int = 42,
    penalizer: float = 0.0,
) -> pd.DataFrame:
    """Fit every model on calibration data and score it on the holdout period.

    Returns the long ``model, metric, value`` table of :func:`validation_metrics` for the
    models listed in the module docstring. For the calibration-plot table without refitting,
    call :func:`holdout_predictions` once and pass its output to both
    :func:`validation_metrics` and :func:`calibration_plot_table`.
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
