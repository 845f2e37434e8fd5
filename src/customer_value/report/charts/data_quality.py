"""The data-quality chart: where the raw lines went."""

from __future__ import annotations

import pandas as pd

from customer_value.report import palette
from customer_value.report.formatting import count, pct
from customer_value.report.svg import Frame, LinearScale, document, esc, num, rect


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
