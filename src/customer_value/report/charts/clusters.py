"""The cluster charts: the customers in the clusters' space, and the k search."""

from __future__ import annotations

import numpy as np
import pandas as pd

from customer_value.report.formatting import count, tick
from customer_value.report.svg import (
    JITTER_SEED,
    Frame,
    LinearScale,
    LogScale,
    document,
    legend,
    nice_log_domain,
    num,
    text,
)


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
