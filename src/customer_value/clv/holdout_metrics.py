"""Holdout metrics per model, the winner per metric, and the calibration-plot table, from the
per-customer table of :func:`customer_value.clv.holdout_predictions`."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from customer_value.clv.intervals import INTERVAL

#: Metrics in order, each with what "better" means: "lower", "higher", "closest to 0" (absolute
#: error), "closest to nominal" (interval coverage vs INTERVAL), or None (not a score).
METRICS: dict[str, str | None] = {
    "customers": None,
    "total_purchases_pct_error": "closest to 0",
    "total_spend_pct_error": "closest to 0",
    "purchases_mae": "lower",
    "purchases_rmse": "lower",
    "spend_mae": "lower",
    "spend_rmse": "lower",
    "purchases_spearman": "higher",
    "spend_spearman": "higher",
    "buy_again_auc": "higher",
    "top10pct_revenue_share": "higher",
    "purchases_interval_coverage": "closest to nominal",
    "spend_interval_coverage": "closest to nominal",
    "purchases_pit_coverage": "closest to nominal",
    "spend_pit_coverage": "closest to nominal",
    "total_purchases_interval_low_pct": None,
    "total_purchases_interval_high_pct": None,
    "total_spend_interval_low_pct": None,
    "total_spend_interval_high_pct": None,
}
VALIDATION_COLUMNS = ("model", "metric", "value", "winner", "is_winner")


def _pct_error(pred: float, actual: float) -> float:
    return float(100.0 * (pred - actual) / actual) if actual > 0 else float("nan")


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


def _coverage(group: pd.DataFrame, what: str) -> float:
    low = group[f"{what}_lower"].to_numpy(dtype=float)
    high = group[f"{what}_upper"].to_numpy(dtype=float)
    actual = group[f"actual_{what}"].to_numpy(dtype=float)
    if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
        return float("nan")
    return float(np.mean((actual >= low - 1e-9) & (actual <= high + 1e-9)))


def _pit_coverage(group: pd.DataFrame, what: str) -> float:
    pit = group[f"{what}_pit"].to_numpy(dtype=float)
    if not np.all(np.isfinite(pit)):
        return float("nan")
    low, high = (1.0 - INTERVAL) / 2.0, (1.0 + INTERVAL) / 2.0
    return float(np.mean((pit >= low) & (pit <= high)))


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
    first = group.iloc[0]
    values.update(
        total_purchases_pct_error=_pct_error(pred_n.sum(), act_n.sum()),
        total_spend_pct_error=_pct_error(pred_s.sum(), act_s.sum()),
        purchases_mae=float(np.mean(np.abs(pred_n - act_n))),
        purchases_rmse=float(np.sqrt(np.mean((pred_n - act_n) ** 2))),
        spend_mae=float(np.mean(np.abs(pred_s - act_s))),
        spend_rmse=float(np.sqrt(np.mean((pred_s - act_s) ** 2))),
        purchases_spearman=_spearman(pred_n, act_n),
        spend_spearman=_spearman(pred_s, act_s),
        top10pct_revenue_share=_top_share(pred_s, act_s),
        purchases_interval_coverage=_coverage(group, "purchases"),
        spend_interval_coverage=_coverage(group, "spend"),
        purchases_pit_coverage=_pit_coverage(group, "purchases"),
        spend_pit_coverage=_pit_coverage(group, "spend"),
        total_purchases_interval_low_pct=_pct_error(first["total_purchases_lower"], act_n.sum()),
        total_purchases_interval_high_pct=_pct_error(first["total_purchases_upper"], act_n.sum()),
        total_spend_interval_low_pct=_pct_error(first["total_spend_lower"], act_s.sum()),
        total_spend_interval_high_pct=_pct_error(first["total_spend_upper"], act_s.sum()),
    )
    if 0 < bought.sum() < len(bought) and np.all(np.isfinite(prob)):
        values["buy_again_auc"] = float(roc_auc_score(bought, prob))
    return values


def metric_winners(metrics: pd.DataFrame) -> pd.Series:
    """The winning model per metric of a long ``model, metric, value`` table (rules in
    :data:`METRICS`; ties go to the model listed first; None when not a score or all NaN)."""
    winners = {}
    for metric, group in metrics.groupby("metric", sort=False):
        better = METRICS.get(metric)
        values = group.set_index("model")["value"].astype(float).dropna()
        if better is None or values.empty:
            winners[metric] = None
            continue
        score = {
            "lower": values,
            "higher": -values,
            "closest to 0": values.abs(),
            "closest to nominal": (values - INTERVAL).abs(),
        }[better]
        winners[metric] = score.idxmin()
    return pd.Series(winners, dtype=object)


def _in_fixed_order(predictions: pd.DataFrame) -> pd.DataFrame:
    """The rows by model and customer: floating-point sums over customers then do not depend on
    the order the warehouse returned the rows in (DuckDB gives no order without ``order by``), so
    two builds of the same data give the same metrics to the last bit. Rows already in that order
    (the dbt model asks the warehouse for it) are not sorted again."""
    keys = predictions.loc[:, ["model", "customer_id"]].reset_index(drop=True)
    if not keys.isna().any(axis=None):
        this, before = keys.iloc[1:].reset_index(drop=True), keys.iloc[:-1].reset_index(drop=True)
        same_model = this["model"] == before["model"]
        later = (this["model"] > before["model"]) | (
            same_model & (this["customer_id"] > before["customer_id"])
        )
        if later.all():
            return predictions.reset_index(drop=True)
    return predictions.sort_values(["model", "customer_id"], kind="stable", ignore_index=True)


def validation_metrics(predictions: pd.DataFrame) -> pd.DataFrame:
    """Long table ``model, metric, value, winner, is_winner`` from holdout predictions.

    Metrics: ``customers``; ``total_purchases_pct_error`` and ``total_spend_pct_error``
    (100 * (predicted total - actual total) / actual total); per customer ``purchases_mae``,
    ``purchases_rmse``, ``spend_mae``, ``spend_rmse``; Spearman rank correlations
    ``purchases_spearman`` and ``spend_spearman``; ``buy_again_auc`` (ROC AUC of the predicted
    probability of at least one holdout purchase); ``top10pct_revenue_share`` (share of actual
    holdout revenue from the 10% of customers with the highest predicted spend);
    ``purchases_interval_coverage`` and ``spend_interval_coverage`` (share of customers whose
    actual holdout value lies in their 80% interval ``[q10, q90]``, above 80% for counts even
    under a correct model); ``purchases_pit_coverage`` and ``spend_pit_coverage`` (share with a
    randomized PIT in [0.1, 0.9]: the coverage of an exact 80% predictive interval); and the
    80% interval of the totals as % off the actual total (``total_*_interval_low_pct`` /
    ``_high_pct``: the actual total is inside when low <= 0 <= high). NaN where undefined.
    ``winner`` is the winning model of the metric (:func:`metric_winners`), ``is_winner``
    whether this row's model is it.
    """
    predictions = _in_fixed_order(predictions)
    rows = []
    for model in pd.unique(predictions["model"]):
        metrics = _model_metrics(predictions.loc[predictions["model"] == model])
        rows.extend({"model": model, "metric": k, "value": v} for k, v in metrics.items())
    out = pd.DataFrame(rows, columns=["model", "metric", "value"])
    out["winner"] = out["metric"].map(metric_winners(out))
    out["is_winner"] = out["winner"].eq(out["model"])
    return out.loc[:, list(VALIDATION_COLUMNS)]


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
    predictions = _in_fixed_order(predictions)
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
