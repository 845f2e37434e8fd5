"""The numbers and sentences the report leads with: headline figures and chart titles that state
what the data shows, all computed from :class:`customer_value.report.data.ReportData`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from customer_value.report.data import ReportData
from customer_value.report.formatting import count, gbp, is_missing, number, pct
from customer_value.report.palette import model_label

#: Validation metrics in display order: (explanation, better): better is "lower", "higher",
#: "closer to 0" or None (not a score).
METRICS: dict[str, tuple[str, str | None]] = {
    "customers": (
        "Customers in the validation (first seen before the holdout; beyond the config "
        "holdout_sample_size, a fixed sample of them).",
        None,
    ),
    "total_purchases_pct_error": (
        "Total predicted vs actual purchase days in the holdout, % off (+ = over-predicts).",
        "closer to 0",
    ),
    "total_spend_pct_error": (
        "Total predicted vs actual holdout spend, % off (+ = over-predicts).",
        "closer to 0",
    ),
    "purchases_mae": ("Mean absolute error in purchase days per customer.", "lower"),
    "purchases_rmse": ("Root mean squared error in purchase days (punishes big misses).", "lower"),
    "spend_mae": ("Mean absolute error in GBP spent per customer.", "lower"),
    "spend_rmse": ("Root mean squared error in GBP per customer.", "lower"),
    "purchases_spearman": (
        "Rank correlation of predicted and actual purchases (1 = perfect order).",
        "higher",
    ),
    "spend_spearman": ("Rank correlation of predicted and actual spend.", "higher"),
    "buy_again_auc": (
        "Chance a customer who bought again is ranked above one who did not (0.5 = coin toss).",
        "higher",
    ),
    "top10pct_revenue_share": (
        "Share of actual holdout revenue from the 10% with the highest predicted spend.",
        "higher",
    ),
    "purchases_interval_coverage": (
        "Share of customers whose holdout purchase days fall in their 80% interval (aim: 80%).",
        "closest to 80%",
    ),
    "spend_interval_coverage": (
        "Share of customers whose holdout spend falls in their 80% interval (aim: 80%).",
        "closest to 80%",
    ),
    "purchases_pit_coverage": (
        "Share of customers inside an exact 80% predictive interval (randomized PIT; aim: 80%).",
        "closest to 80%",
    ),
    "spend_pit_coverage": (
        "The same for spend (randomized PIT in [0.1, 0.9]; aim: 80%).",
        "closest to 80%",
    ),
    "total_purchases_interval_low_pct": (
        "80% interval of total purchase days: low end, % off the actual total.",
        None,
    ),
    "total_purchases_interval_high_pct": (
        "80% interval of total purchase days: high end (actual inside when low <= 0 <= high).",
        None,
    ),
    "total_spend_interval_low_pct": ("80% interval of total spend: low end, % off actual.", None),
    "total_spend_interval_high_pct": ("80% interval of total spend: high end, % off actual.", None),
}

#: What each fitted parameter means.
PARAMETER_NOTES: dict[tuple[str, str], str] = {
    ("bgnbd", "r"): "shape of the purchase-rate distribution across customers",
    ("bgnbd", "alpha"): "scale of the purchase rate (mean rate = r / alpha per time unit)",
    ("bgnbd", "a"): "dropout: P(drop out after a purchase) ~ Beta(a, b)",
    ("bgnbd", "b"): "dropout: mean P(drop out) = a / (a + b)",
    ("gamma_gamma", "p"): "shape of the spend per purchase day",
    ("gamma_gamma", "q"): "shape of the customers' mean-spend distribution",
    ("gamma_gamma", "gamma"): "scale of the mean spend (GBP); population mean = p gamma / (q - 1)",
}
PARAMETER_NOTES.update(
    {
        ("mbgnbd", name): note
        for (model, name), note in list(PARAMETER_NOTES.items())
        if model == "bgnbd"
    }
)
PARAMETER_NOTES[("mbgnbd", "a")] = (
    "dropout: as BG/NBD, but customers can also drop out at the start"
)


@dataclass(frozen=True)
class Headline:
    """The headline figures, as stored in the marts (unrounded)."""

    customers: int
    net_revenue: float
    top_segment: str
    top_segment_revenue_share: float
    top_segment_customer_share: float
    tier_a_revenue_share: float
    tier_a_clv_share: float
    first_order_date: object
    last_order_date: object


def headline(data: ReportData) -> Headline:
    """Customers, net revenue, and the revenue shares of the top RFM segment (the one with the
    largest share of revenue) and of CLV tier A (net revenue of its customers / all)."""
    totals = data.totals.iloc[0]
    top = data.segments.sort_values("revenue_share", ascending=False).iloc[0]
    tiers = data.tiers.set_index("clv_tier")
    revenue = float(tiers["net_revenue"].sum()) or 1.0
    clv = float(tiers["predicted_clv"].sum()) or 1.0
    tier_a = tiers.loc["A"] if "A" in tiers.index else None
    return Headline(
        customers=int(totals["customers"]),
        net_revenue=float(totals["net_revenue"]),
        top_segment=str(top["rfm_segment"]),
        top_segment_revenue_share=float(top["revenue_share"]),
        top_segment_customer_share=float(top["share_of_customers"]),
        tier_a_revenue_share=float(tier_a["net_revenue"]) / revenue if tier_a is not None else 0.0,
        tier_a_clv_share=float(tier_a["predicted_clv"]) / clv if tier_a is not None else 0.0,
        first_order_date=totals["first_order_date"],
        last_order_date=totals["last_order_date"],
    )


def segment_title(data: ReportData) -> str:
    h = headline(data)
    return (
        f"{h.top_segment} are {pct(h.top_segment_customer_share)} of customers "
        f"but {pct(h.top_segment_revenue_share)} of revenue"
    )


def heatmap_title(data: ReportData) -> str:
    grid = data.rfm_grid
    richest = grid.sort_values("monetary_mean", ascending=False).iloc[0]
    largest = grid.sort_values("customers", ascending=False).iloc[0]
    if (richest["r_score"], richest["f_score"]) == (largest["r_score"], largest["f_score"]):
        return (
            f"The largest cell, R{int(largest['r_score'])} F{int(largest['f_score'])}, also "
            f"spends the most: {gbp(largest['monetary_mean'])} per customer"
        )
    ratio = float(richest["monetary_mean"]) / max(float(largest["monetary_mean"]), 0.01)
    return (
        f"R{int(richest['r_score'])} F{int(richest['f_score'])} customers spend "
        f"{ratio:.0f}x as much as the largest cell, R{int(largest['r_score'])} "
        f"F{int(largest['f_score'])} ({gbp(richest['monetary_mean'])} vs "
        f"{gbp(largest['monetary_mean'])} on average)"
    )


def cluster_title(data: ReportData) -> str:
    top = data.cluster_profiles.sort_values("revenue_share", ascending=False).iloc[0]
    return (
        f"{top['cluster_name']}: {pct(top['share_of_customers'])} of customers bring "
        f"{pct(top['revenue_share'])} of revenue"
    )


def k_title(data: ReportData) -> str:
    chosen = data.k_search[data.k_search["is_chosen"].astype(bool)]
    if chosen.empty:
        return "No k was chosen"
    row = chosen.iloc[0]
    text = f"k = {int(row['k'])} separates customers best (silhouette {row['silhouette']:.2f})"
    if not is_missing(row["ward_adjusted_rand_index"]):
        text += f"; Ward clustering agrees at adjusted Rand {row['ward_adjusted_rand_index']:.2f}"
    return text


def tier_title(data: ReportData) -> str:
    h = headline(data)
    tiers = data.tiers.set_index("clv_tier")
    text = f"Tier A, a quarter of customers, holds {pct(h.tier_a_clv_share)} of predicted CLV"
    if {"A", "D"} <= set(tiers.index) and float(tiers.loc["D", "clv_p50"]) > 0:
        ratio = float(tiers.loc["A", "clv_p50"]) / float(tiers.loc["D", "clv_p50"])
        text += f"; its median customer is worth {ratio:.0f}x tier D's"
    return text


def alive_title(data: ReportData) -> str:
    trend = data.alive_trend[data.alive_trend["customers"] >= 10]
    below = trend[trend["p_alive_mean"] < 0.5]
    if len(below):
        days = int(below.iloc[0]["recency_days"])
        return (
            f"A repeat customer silent for about {days} days is more likely gone than alive "
            f"(average P(alive) under 50%)"
        )
    if len(trend):
        last = trend.iloc[-1]
        return (
            f"Even after {int(last['recency_days'])} days without an order, repeat customers "
            f"average P(alive) {pct(last['p_alive_mean'])}"
        )
    return "P(alive) by days since the last order"


def calibration_errors(data: ReportData) -> pd.Series:
    """Per model, the customer-weighted mean |predicted - actual| holdout purchase days."""
    frame = data.calibration.assign(
        error=lambda d: (
            (d["mean_predicted_purchases"] - d["mean_actual_purchases"]).abs() * d["customers"]
        )
    )
    grouped = frame.groupby("model")
    return (grouped["error"].sum() / grouped["customers"].sum()).sort_values()


def calibration_title(data: ReportData) -> str:
    errors = calibration_errors(data)
    if errors.empty:
        return "Predicted vs actual holdout purchases"
    text = (
        f"{model_label(errors.index[0])} tracks the holdout best: off by "
        f"{errors.iloc[0]:.2f} purchase days per customer on average"
    )
    if "naive_carry_forward" in errors.index and errors.index[0] != "naive_carry_forward":
        text += f" (naive baseline: {errors['naive_carry_forward']:.2f})"
    return text


def validation_table(data: ReportData) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Metrics as rows, models as columns (in :data:`METRICS` order, unknown metrics last), and
    per metric the winning model as clv_model_validation names it (None when not a score)."""
    table = data.validation.pivot_table(
        index="metric", columns="model", values="value", aggfunc="first", dropna=False
    )
    order = [m for m in METRICS if m in table.index] + [m for m in table.index if m not in METRICS]
    table = table.loc[order]
    winners = data.validation.drop_duplicates("metric").set_index("metric")["winner"]
    best = {
        metric: None if is_missing(winners.get(metric)) else str(winners[metric])
        for metric in table.index
    }
    return table, best


def validation_title(data: ReportData) -> str:
    _, best = validation_table(data)
    wins = pd.Series([m for m in best.values() if m is not None]).value_counts()
    if wins.empty:
        return "Model comparison on the holdout"
    scored = sum(1 for m in best.values() if m is not None)
    return f"{model_label(wins.index[0])} wins {wins.iloc[0]} of the {scored} holdout metrics"


def parameter_summary(data: ReportData) -> list[str]:
    """Plain-language readings of the fitted parameters (mean purchase rate, dropout, spend)."""
    p = data.parameters.set_index(["model_name", "parameter_name"])["estimate"]
    unit = str(data.parameters["time_unit"].dropna().iloc[0]) if len(data.parameters) else ""
    lines = []
    try:
        r, alpha, a, b = (float(p[("bgnbd", n)]) for n in ("r", "alpha", "a", "b"))
        per_year = {"days": 365.25, "weeks": 52.18, "months": 12.0}.get(unit)
        rate = f"{r / alpha:.3f} purchase days per {unit.rstrip('s') or 'unit'}"
        if per_year:
            rate += f" (about {r / alpha * per_year:.1f} a year)"
        lines.append(
            f"BG/NBD: an active customer makes on average {rate}; after each purchase "
            f"{pct(a / (a + b))} drop out."
        )
    except KeyError:
        pass
    try:
        pp, q, g = (float(p[("gamma_gamma", n)]) for n in ("p", "q", "gamma"))
        if q > 1:
            lines.append(
                f"Gamma-Gamma: the average customer spends {gbp(pp * g / (q - 1), compact=False)} "
                f"per purchase day; individual averages are shrunk towards it."
            )
    except KeyError:
        pass
    return lines


def data_quality_title(data: ReportData) -> str:
    quality = data.data_quality
    total = float(quality["lines"].sum()) or 1.0
    by_fate = quality.groupby("line_fate")["lines"].sum()
    text = f"{pct(by_fate.get('sale', 0) / total)} of raw lines are usable sales"
    quarantined = quality[quality["line_fate"] == "quarantined"]
    if len(quarantined):
        top = quarantined.sort_values("lines", ascending=False).iloc[0]
        text += (
            f"; {pct(by_fate.get('quarantined', 0) / total)} are quarantined, mostly "
            f"{str(top['fate_detail']).replace('_', ' ')}"
        )
    return text


def cancellation_note(data: ReportData) -> str:
    """How many cancellation lines found the purchase they cancel."""
    quality = data.data_quality
    cancellations = quality[quality["line_fate"] == "cancellation"]
    total = float(cancellations["lines"].sum())
    if not total:
        return "No cancellation lines."
    matched = float(cancellations.loc[cancellations["fate_detail"] == "matched", "lines"].sum())
    return (
        f"{pct(matched / total)} of {count(total)} cancellation lines were matched to the purchase "
        f"they cancel; the rest cancel purchases from before the data starts."
    )


def fmt_metric(metric: str, value: float) -> str:
    """A validation metric's value in its unit."""
    if is_missing(value) or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if metric == "customers":
        return count(value)
    if metric.endswith("pct_error") or metric.endswith("_pct"):
        return f"{value:+.1f}%"
    if metric.endswith("coverage"):
        return pct(value, 1)
    if metric.startswith("spend_m") or metric.startswith("spend_r"):
        return gbp(value, compact=False)
    if metric == "top10pct_revenue_share":
        return pct(value, 1)
    return number(value, 3)


def total_error_title(data: ReportData) -> str:
    """Which model gets the holdout's total spend closest, and how far off the worst is."""
    spend = data.validation[data.validation["metric"] == "total_spend_pct_error"].dropna(
        subset=["value"]
    )
    if spend.empty:
        return "Total holdout purchases and spend, predicted vs actual"
    ranked = spend.assign(size=spend["value"].abs()).sort_values("size")
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    text = f"{model_label(best['model'])} gets total holdout spend within {abs(best['value']):.1f}%"
    if worst["model"] != best["model"]:
        direction = "over" if worst["value"] > 0 else "under"
        text += f"; {model_label(worst['model'])} is {abs(worst['value']):.0f}% {direction}"
    return text
