"""The report's charts as inline SVG strings, one function per chart. Each takes the DataFrame of
:mod:`customer_value.report.data` it draws and returns ``<svg>...</svg>``; colours come from
:mod:`customer_value.report.palette`, styling from the page's CSS classes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from customer_value.report import palette
from customer_value.report.formatting import count, gbp, pct, tick
from customer_value.report.svg import (
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
    rect,
    text,
)

#: Seed of the jitter that spreads the integer order counts of the scatter plot.
JITTER_SEED = 7


def _mix(low: str, high: str, share: float) -> str:
    """The colour ``share`` (0-1) of the way from ``low`` to ``high``."""
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def segment_share_bars(segments: pd.DataFrame) -> str:
    """Per RFM segment, its share of customers (pale bar) beside its share of revenue (solid),
    sorted by revenue share."""
    rows = segments.sort_values("revenue_share", ascending=False)
    row_height, label_width = 34, 150
    frame = Frame(900, 40 + row_height * len(rows) + 40, left=label_width, right=70, top=30)
    top = max(rows["revenue_share"].max(), rows["share_of_customers"].max())
    x = LinearScale(0, min(1.0, math.ceil(top * 10 + 0.5) / 10), frame.x0, frame.x1)
    parts = [
        frame.x_axis(
            x,
            "Share of all customers / of all net revenue (%)",
            formatter=lambda v: pct(v),
            grid=True,
        )
    ]
    for i, row in enumerate(rows.itertuples()):
        y = frame.y1 + 6 + i * row_height
        colour = palette.segment_colour(row.rfm_segment)
        parts.append(
            f'<text class="label" x="{num(frame.x0 - 8)}" y="{num(y + 15)}" text-anchor="end">'
            f"{esc(row.rfm_segment)}</text>"
            + rect(frame.x0, y, x(row.share_of_customers) - frame.x0, 11, fill=colour, opacity=0.35)
            + rect(frame.x0, y + 13, x(row.revenue_share) - frame.x0, 13, fill=colour)
            + f'<text class="value" x="{num(x(row.share_of_customers) + 4)}" y="{num(y + 9)}">'
            f"{pct(row.share_of_customers)} of customers</text>"
            f'<text class="value strong" x="{num(x(row.revenue_share) + 4)}" y="{num(y + 24)}">'
            f"{pct(row.revenue_share)} of revenue</text>"
        )
    parts.append(
        f'<rect x="{num(frame.x1 - 250)}" y="4" width="11" height="11" fill="#777" opacity="0.35"/>'
        f'<text class="legend" x="{num(frame.x1 - 235)}" y="13">customers</text>'
        f'<rect x="{num(frame.x1 - 160)}" y="4" width="11" height="11" fill="#777"/>'
        f'<text class="legend" x="{num(frame.x1 - 145)}" y="13">net revenue</text>'
    )
    return document(frame, "".join(parts), "Share of customers and revenue by RFM segment")


def rfm_heatmap(grid: pd.DataFrame) -> str:
    """The 5 x 5 grid of recency score (rows, 5 = most recent at the top) by frequency score
    (columns): cell shade = customers, text = customers and their average monetary value."""
    frame = Frame(560, 430, left=84, right=16, top=10, bottom=56)
    cell_w = (frame.x1 - frame.x0) / 5
    cell_h = (frame.y0 - frame.y1) / 5
    cells = {(int(r.r_score), int(r.f_score)): r for r in grid.itertuples()}
    spend = np.log(grid["monetary_mean"].clip(lower=1).to_numpy(dtype=float))
    low, high = (float(spend.min()), float(spend.max())) if len(spend) else (0.0, 1.0)
    parts = []
    for r in range(1, 6):
        y = frame.y1 + (5 - r) * cell_h
        parts.append(
            f'<text class="tick" x="{num(frame.x0 - 8)}" y="{num(y + cell_h / 2)}" '
            f'text-anchor="end" dominant-baseline="middle">R{r}</text>'
        )
        for f in range(1, 6):
            x = frame.x0 + (f - 1) * cell_w
            cell = cells.get((r, f))
            if cell is None:
                parts.append(
                    f'<rect class="empty-cell" x="{num(x + 1)}" y="{num(y + 1)}" '
                    f'width="{num(cell_w - 2)}" height="{num(cell_h - 2)}"/>'
                    f'<text class="cell-note" x="{num(x + cell_w / 2)}" y="{num(y + cell_h / 2)}" '
                    f'text-anchor="middle" dominant-baseline="middle">no customers</text>'
                )
                continue
            share = (math.log(max(float(cell.monetary_mean), 1.0)) - low) / ((high - low) or 1.0)
            fill = _mix("#eef4f8", "#0b4f6c", share)
            ink = "#ffffff" if share > 0.55 else "#1d2b36"
            parts.append(
                f'<rect x="{num(x + 1)}" y="{num(y + 1)}" width="{num(cell_w - 2)}" '
                f'height="{num(cell_h - 2)}" rx="3" fill="{fill}">'
                f"<title>R{r} F{f}: {count(cell.customers)} customers, average "
                f"{gbp(cell.monetary_mean, compact=False)}</title></rect>"
                f'<text class="cell-main" x="{num(x + cell_w / 2)}" y="{num(y + cell_h / 2 - 4)}" '
                f'text-anchor="middle" fill="{ink}">{gbp(cell.monetary_mean)}</text>'
                f'<text class="cell-sub" x="{num(x + cell_w / 2)}" y="{num(y + cell_h / 2 + 14)}" '
                f'text-anchor="middle" fill="{ink}">{count(cell.customers)} customers</text>'
            )
    for f in range(1, 6):
        parts.append(
            f'<text class="tick" x="{num(frame.x0 + (f - 0.5) * cell_w)}" y="{num(frame.y0 + 16)}" '
            f'text-anchor="middle">F{f}</text>'
        )
    middle = num((frame.y0 + frame.y1) / 2)
    parts.append(
        text(
            (frame.x0 + frame.x1) / 2,
            frame.height - 12,
            "Frequency score (F1 = fewest orders, F5 = most)",
            class_="axis-label",
            text_anchor="middle",
        )
        + f'<text class="axis-label" x="16" y="{middle}" text-anchor="middle" '
        f'transform="rotate(-90 16 {middle})">Recency score (R5 = bought most recently)</text>'
    )
    return document(frame, "".join(parts), "RFM grid: customers and average spend per R x F cell")


def _jitter(values: pd.Series, width: float, rng: np.random.Generator) -> np.ndarray:
    """Multiplicative jitter of +-``width`` (a fraction) to spread integers on a log axis."""
    return values.to_numpy(dtype=float) * np.exp(rng.uniform(-width, width, len(values)))


def cluster_scatter(points: pd.DataFrame, colours: dict[str, str], total: int) -> str:
    """Frequency (orders) against monetary value (GBP), both on log scales, one dot per sampled
    customer coloured by cluster name."""
    frame = Frame(900, 440, left=70, right=300, top=12, bottom=50)
    rng = np.random.default_rng(JITTER_SEED)
    frequency = _jitter(points["frequency"], 0.12, rng)
    monetary = points["monetary"].to_numpy(dtype=float)
    x = LogScale(0.7, nice_log_domain(1, max(frequency.max(), 10))[1], frame.x0, frame.x1)
    y = LogScale(*nice_log_domain(max(monetary.min(), 1), monetary.max()), frame.y0, frame.y1)
    parts = [
        frame.x_axis(x, "Orders (log scale)", grid=True),
        frame.y_axis(
            y, "Net revenue per customer (GBP, log scale)", formatter=lambda v: "£" + tick(v)
        ),
    ]
    names = sorted(
        colours,
        key=lambda name: (
            -points.loc[points["cluster_name"] == name, "monetary"].median()
            if (points["cluster_name"] == name).any()
            else 0
        ),
    )
    for name in names:
        mask = (points["cluster_name"] == name).to_numpy()
        dots = "".join(
            f'<circle cx="{num(x(f))}" cy="{num(y(m))}" r="2.2"/>'
            for f, m in zip(frequency[mask], monetary[mask], strict=True)
        )
        parts.append(f'<g fill="{colours[name]}" fill-opacity="0.55">{dots}</g>')
    counts = points["cluster_name"].value_counts()
    parts.append(
        legend(
            [(f"{name} ({count(counts.get(name, 0))})", colours[name]) for name in names],
            frame.x1 + 18,
            frame.y1 + 8,
            row_height=20,
        )
    )
    shown = len(points)
    note = (
        f"{count(shown)} of {count(total)} customers shown"
        if shown < total
        else (f"all {count(total)} customers")
    )
    parts.append(text(frame.x1 + 18, frame.y1 + 22 + 20 * len(names), note, class_="note"))
    return document(
        frame, "".join(parts), "Customers by orders and net revenue, coloured by cluster"
    )


def k_search_lines(k_search: pd.DataFrame) -> str:
    """Silhouette (left) and inertia (right, the elbow curve) against k, the chosen k marked."""
    width, height = 900, 300
    panels = []
    chosen = k_search.loc[k_search["is_chosen"].astype(bool), "k"]
    chosen_k = int(chosen.iloc[0]) if len(chosen) else None
    ks = k_search["k"].astype(int).to_numpy()
    for offset, column, label in (
        (0, "silhouette", "Mean silhouette (higher = better separated)"),
        (450, "inertia", "Inertia (within-cluster sum of squares)"),
    ):
        frame = Frame(440, height, left=70, right=14, top=16, bottom=48)
        values = k_search[column].to_numpy(dtype=float)
        lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
        pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
        x = LinearScale(ks.min() - 0.4, ks.max() + 0.4, frame.x0, frame.x1)
        y = LinearScale(lo - pad, hi + pad, frame.y0, frame.y1)
        body = [
            frame.x_axis(x, "Number of clusters k", ticks=list(ks), formatter=lambda v: f"{v:g}"),
            frame.y_axis(y, label, ticks=y.ticks(4)),
        ]
        if chosen_k is not None:
            body.append(
                f'<line class="marker" x1="{num(x(chosen_k))}" y1="{num(frame.y1)}" '
                f'x2="{num(x(chosen_k))}" y2="{num(frame.y0)}"/>'
                f'<text class="note" x="{num(x(chosen_k) + 5)}" y="{num(frame.y1 + 10)}">'
                f"chosen k = {chosen_k}</text>"
            )
        path = " ".join(f"{num(x(k))},{num(y(v))}" for k, v in zip(ks, values, strict=True))
        body.append(f'<polyline class="series" points="{path}" stroke="#1f77b4"/>')
        for k, v in zip(ks, values, strict=True):
            cls = "dot chosen" if k == chosen_k else "dot"
            body.append(f'<circle class="{cls}" cx="{num(x(k))}" cy="{num(y(v))}" r="4"/>')
        panels.append(f'<g transform="translate({offset} 0)">{"".join(body)}</g>')
    return document(
        Frame(width, height), "".join(panels), "Silhouette and inertia (elbow) against k"
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


def data_quality_bars(quality: pd.DataFrame) -> str:
    """Raw lines by fate and detail as horizontal bars, coloured by fate, each labelled with its
    count and share (bars too short to see still get their label)."""
    colours = {"sale": "#1b7a4f", "cancellation": "#e08a00", "quarantined": "#d64541"}
    rows = quality.sort_values(["lines"], ascending=False)
    total = float(rows["lines"].sum()) or 1.0
    row_height = 28
    frame = Frame(900, 24 + row_height * len(rows) + 52, left=290, right=130, top=14, bottom=50)
    x = LinearScale(0, float(rows["lines"].max()) or 1.0, frame.x0, frame.x1)
    parts = [frame.x_axis(x, "Raw transaction lines", grid=True)]
    for i, row in enumerate(rows.itertuples()):
        top = frame.y1 + 6 + i * row_height
        detail = str(row.fate_detail).replace("_", " ")
        label = {"sale": "Sale", "cancellation": "Cancellation", "quarantined": "Quarantined"}.get(
            row.line_fate, str(row.line_fate)
        )
        text = f"{label}: {detail}" if detail != "kept" else f"{label}: kept"
        parts.append(
            f'<text class="label" x="{num(frame.x0 - 8)}" y="{num(top + 13)}" text-anchor="end">'
            f"{esc(text)}</text>"
            + rect(
                frame.x0,
                top,
                max(x(row.lines) - frame.x0, 2.0),
                18,
                rx=2,
                fill=colours.get(row.line_fate, palette.NEUTRAL),
            )
            + f'<text class="value" x="{num(x(row.lines) + 6)}" y="{num(top + 13)}">'
            f"{count(row.lines)} ({pct(row.lines / total, 1)})</text>"
        )
    return document(frame, "".join(parts), "Raw lines by fate")


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
