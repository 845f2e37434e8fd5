"""The lifetime-value charts: CLV by tier, P(alive) against recency, the holdout calibration
and each model's total error."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from customer_value.report import palette
from customer_value.report.formatting import count, gbp, pct, tick
from customer_value.report.svg import (
    JITTER_SEED,
    Frame,
    LinearScale,
    LogScale,
    document,
    esc,
    legend,
    legend_row,
    line,
    nice_log_domain,
    num,
)


def clv_tier_boxes(tiers: pd.DataFrame) -> str:
    """Predicted CLV per tier on a log scale: whiskers 5th-95th percentile, box the quartiles,
    a tick at the median; the tier's share of all predicted CLV on the right."""
    rows = tiers.sort_values("clv_tier")
    row_height = 56
    frame = Frame(900, 30 + row_height * len(rows) + 52, left=110, right=150, top=20, bottom=50)
    positive = rows[["clv_p05", "clv_p25"]].to_numpy(dtype=float)
    floor = max(1.0, float(np.nanmin(positive[positive > 0])) if (positive > 0).any() else 1.0)
    x = LogScale(*nice_log_domain(floor, float(rows["clv_p95"].max())), frame.x0, frame.x1)
    parts = [
        frame.x_axis(
            x,
            "Predicted CLV per customer (GBP, log scale; values under £1 drawn at £1)",
            formatter=lambda v: "£" + tick(v),
            grid=True,
        )
    ]
    total = float(rows["predicted_clv"].sum()) or 1.0
    for i, row in enumerate(rows.itertuples()):
        middle = frame.y1 + 10 + i * row_height + row_height / 2
        colour = palette.TIER_COLOURS.get(row.clv_tier, palette.NEUTRAL)
        p05, p25, p50, p75, p95 = (
            x(max(float(v), floor))
            for v in (row.clv_p05, row.clv_p25, row.clv_p50, row.clv_p75, row.clv_p95)
        )
        parts.append(
            f'<text class="label strong" x="{num(frame.x0 - 12)}" y="{num(middle - 4)}" '
            f'text-anchor="end">Tier {esc(row.clv_tier)}</text>'
            f'<text class="value" x="{num(frame.x0 - 12)}" y="{num(middle + 12)}" '
            f'text-anchor="end">{count(row.customers)} customers</text>'
            + line(p05, middle, p95, middle, class_="whisker")
            + line(p05, middle - 7, p05, middle + 7, class_="whisker")
            + line(p95, middle - 7, p95, middle + 7, class_="whisker")
            + f'<rect x="{num(p25)}" y="{num(middle - 14)}" width="{num(max(p75 - p25, 2))}" '
            f'height="28" rx="3" fill="{colour}"><title>Tier {esc(row.clv_tier)}: median '
            f"{gbp(row.clv_p50, compact=False)}, middle half {gbp(row.clv_p25)}-{gbp(row.clv_p75)}"
            f"</title></rect>"
            f'<line class="median" x1="{num(p50)}" y1="{num(middle - 14)}" x2="{num(p50)}" '
            f'y2="{num(middle + 14)}"/>'
            f'<text class="value" x="{num(p50)}" y="{num(middle - 19)}" text-anchor="middle">'
            f"median {gbp(row.clv_p50)}</text>"
            f'<text class="value strong" x="{num(frame.x1 + 14)}" y="{num(middle - 3)}">'
            f"{pct(float(row.predicted_clv) / total)} of CLV</text>"
            f'<text class="value" x="{num(frame.x1 + 14)}" y="{num(middle + 13)}">'
            f"{gbp(row.predicted_clv)} in total</text>"
        )
    return document(frame, "".join(parts), "Distribution of predicted CLV by tier")


def alive_scatter(points: pd.DataFrame, trend: pd.DataFrame) -> str:
    """P(alive) against days since the last order: repeat customers as dots with their 30-day
    mean as a line, one-time customers (P(alive) = 1 by the model) as a separate band."""
    frame = Frame(560, 380, left=64, right=16, top=30, bottom=50)
    recency = points["recency_days"].to_numpy(dtype=float)
    x = LinearScale(0, max(float(recency.max()), 30.0), frame.x0, frame.x1)
    y = LinearScale(0, 1.02, frame.y0, frame.y1)
    rng = np.random.default_rng(JITTER_SEED)
    parts = [
        frame.x_axis(x, "Days since the last order", grid=False),
        frame.y_axis(y, "P(alive)", ticks=[0, 0.25, 0.5, 0.75, 1.0], formatter=lambda v: pct(v)),
    ]
    repeat = points["is_repeat_customer"].astype(bool).to_numpy()
    p_alive = points["p_alive"].to_numpy(dtype=float)
    one_time_y = np.clip(p_alive - rng.uniform(0, 0.012, len(points)), 0, 1)
    for mask, colour, ys in (
        (~repeat, "#c2c9d1", one_time_y),
        (repeat, "#2a7fa8", p_alive),
    ):
        dots = "".join(
            f'<circle cx="{num(x(a))}" cy="{num(y(b))}" r="1.8"/>'
            for a, b in zip(recency[mask], ys[mask], strict=True)
        )
        parts.append(f'<g fill="{colour}" fill-opacity="0.45">{dots}</g>')
    if len(trend):
        path = " ".join(
            f"{num(x(a))},{num(y(b))}"
            for a, b in zip(trend["recency_days"], trend["p_alive_mean"], strict=True)
        )
        parts.append(f'<polyline class="series thick" points="{path}" stroke="#0b4f6c"/>')
    parts.append(
        legend_row(
            [
                ("repeat customers", "#2a7fa8"),
                ("30-day average", "#0b4f6c"),
                ("one-time buyers (always 100%)", "#c2c9d1"),
            ],
            frame.x0,
            6,
        )
    )
    return document(frame, "".join(parts), "P(alive) against days since the last order")


def calibration_lines(calibration: pd.DataFrame) -> str:
    """Mean predicted vs actual holdout purchase days per calibration repeat-purchase count:
    actual as a thick dark line, each model as a coloured line."""
    frame = Frame(560, 380, left=64, right=16, top=16, bottom=50)
    buckets = (
        calibration[["frequency_bucket", "frequency_label"]]
        .drop_duplicates()
        .sort_values("frequency_bucket")
    )
    x = LinearScale(
        buckets["frequency_bucket"].min() - 0.3,
        buckets["frequency_bucket"].max() + 0.3,
        frame.x0,
        frame.x1,
    )
    top = float(calibration[["mean_predicted_purchases", "mean_actual_purchases"]].max().max())
    y = LinearScale(0, top * 1.08 or 1.0, frame.y0, frame.y1)
    labels = dict(zip(buckets["frequency_bucket"], buckets["frequency_label"], strict=True))
    parts = [
        frame.x_axis(
            x,
            "Repeat purchase days in the calibration period",
            ticks=list(labels),
            formatter=lambda v: labels.get(int(v), f"{v:g}"),
        ),
        frame.y_axis(y, "Mean purchase days in the holdout", ticks=y.ticks(5)),
    ]
    actual = calibration.groupby("frequency_bucket", as_index=False)[
        "mean_actual_purchases"
    ].first()
    series = [
        (
            palette.model_label(model),
            palette.model_colour(model),
            group,
            "mean_predicted_purchases",
            "series",
        )
        for model, group in calibration.groupby("model", sort=False)
    ]
    series.append(
        ("Actual", palette.ACTUAL_COLOUR, actual, "mean_actual_purchases", "series actual")
    )
    for _, colour, group, column, cls in series:
        path = " ".join(
            f"{num(x(b))},{num(y(v))}"
            for b, v in zip(group["frequency_bucket"], group[column], strict=True)
        )
        dash = ' stroke-dasharray="5 4"' if cls == "series" else ""
        parts.append(f'<polyline class="{cls}" points="{path}" stroke="{colour}"{dash}/>')
        parts.append(
            "".join(
                f'<circle cx="{num(x(b))}" cy="{num(y(v))}" r="3" fill="{colour}"/>'
                for b, v in zip(group["frequency_bucket"], group[column], strict=True)
            )
        )
    items = [(label, colour) for label, colour, *_ in series]
    parts.append(legend(items[-1:] + items[:-1], frame.x0 + 12, frame.y1 + 6))
    return document(
        frame, "".join(parts), "Calibration plot: predicted vs actual holdout purchases"
    )


def total_error_bars(validation: pd.DataFrame) -> str:
    """Per model, the % error of its total predicted holdout purchases (pale) and spend (solid),
    as signed bars from zero (right = over-predicts)."""
    metrics = ("total_purchases_pct_error", "total_spend_pct_error")
    table = validation[validation["metric"].isin(metrics)].pivot_table(
        index="model", columns="metric", values="value", aggfunc="first"
    )
    table = table.reindex(columns=list(metrics))
    models = [m for m in palette.MODEL_COLOURS if m in table.index] + [
        m for m in table.index if m not in palette.MODEL_COLOURS
    ]
    row_height = 46
    frame = Frame(900, 40 + row_height * len(models) + 46, left=200, right=40, top=30, bottom=46)
    extent = float(np.nanmax(np.abs(table.to_numpy(dtype=float)))) if table.size else 1.0
    extent = max(extent * 1.15, 5.0)
    x = LinearScale(-extent, extent, frame.x0, frame.x1)
    parts = [
        frame.x_axis(
            x,
            "Total predicted vs actual in the holdout (% error; right = too high)",
            formatter=lambda v: f"{v:+g}%" if v else "0",
            grid=True,
        ),
        f'<line class="axis" x1="{num(x(0))}" y1="{num(frame.y1)}" x2="{num(x(0))}" '
        f'y2="{num(frame.y0)}"/>',
        legend_row([("purchases", "#9aa5b1"), ("spend (GBP)", "#4b5966")], frame.x0, 6),
    ]
    for i, model in enumerate(models):
        top = frame.y1 + 8 + i * row_height
        colour = palette.model_colour(model)
        parts.append(
            f'<text class="label" x="{num(frame.x0 - 10)}" y="{num(top + 19)}" text-anchor="end">'
            f"{esc(palette.model_label(model))}</text>"
        )
        for j, (metric, opacity) in enumerate(zip(metrics, ("0.45", "1"), strict=True)):
            value = float(table.loc[model, metric])
            if math.isnan(value):
                continue
            y = top + j * 16
            x_start, x_end = sorted((x(0), x(value)))
            anchor, offset = ("start", 5) if value >= 0 else ("end", -5)
            parts.append(
                f'<rect x="{num(x_start)}" y="{num(y)}" width="{num(max(x_end - x_start, 1))}" '
                f'height="14" fill="{colour}" fill-opacity="{opacity}"/>'
                f'<text class="value" x="{num(x(value) + offset)}" y="{num(y + 11)}" '
                f'text-anchor="{anchor}">{value:+.1f}%</text>'
            )
    return document(frame, "".join(parts), "Total holdout purchases and spend, % error per model")
