"""The segment charts: each segment's share of customers and revenue, and the RFM grid."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from customer_value.report import palette
from customer_value.report.formatting import count, gbp, pct
from customer_value.report.svg import Frame, LinearScale, document, esc, num, rect, text


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
            fill = palette.mix("#eef4f8", "#0b4f6c", share)
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
