"""The report's segment-migration charts and their titles, from the segment_migration mart: the
migration matrix of one pair of period ends, and the segment sizes at every period end."""

from __future__ import annotations

import pandas as pd

from customer_value.report import palette
from customer_value.report.formatting import count, pct
from customer_value.report.svg import Frame, LinearScale, document, esc, legend, num, rect, text

NOT_YET = "Not yet active"
NO_LONGER = "No longer active"
#: States in display order: the RFM segments best to worst, then the two inactive states.
STATE_ORDER: list[str] = [*palette.SEGMENT_ORDER, NO_LONGER, NOT_YET]
STATE_COLOURS: dict[str, str] = {
    **palette.SEGMENT_COLOURS,
    NO_LONGER: "#c9ced3",
    NOT_YET: "#eceff1",
}


def _ordered(states) -> list[str]:
    rank = {name: i for i, name in enumerate(STATE_ORDER)}
    return sorted(set(states), key=lambda name: (rank.get(name, len(rank)), name))


def latest_pair(migration: pd.DataFrame) -> pd.DataFrame:
    """The flows of the latest pair of period ends whose later period is complete (the latest
    pair when none is), so that a period cut short by the observation end does not stand in for
    a month of movement."""
    if migration.empty:
        return migration
    complete = migration.loc[migration["is_period_complete"].fillna(False).astype(bool)]
    pool = complete if not complete.empty else migration
    latest = pool["period_end_date"].max()
    return migration.loc[migration["period_end_date"] == latest]


def segment_sizes(migration: pd.DataFrame) -> pd.DataFrame:
    """Customers per state at each later period end of the flows (inflows), without 'Not yet
    active': columns period_end_date, state, customers."""
    active = migration.loc[migration["to_segment"] != NOT_YET]
    sizes = active.groupby(["period_end_date", "to_segment"], as_index=False)["customers"].sum()
    return sizes.rename(columns={"to_segment": "state"})


def matrix_title(pair: pd.DataFrame) -> str:
    """What the latest matrix shows, in one sentence."""
    if pair.empty:
        return "No migration yet: the data holds a single period"
    start = pair["previous_period_end_date"].iloc[0]
    end = pair["period_end_date"].iloc[0]
    known = pair.loc[pair["from_segment"] != NOT_YET]
    stayed = known.loc[known["flow_type"].isin(["stayed", "still inactive"]), "customers"].sum()
    share = stayed / known["customers"].sum() if known["customers"].sum() else float("nan")
    new = pair.loc[pair["flow_type"] == "new", "customers"].sum()
    lapsed = pair.loc[pair["flow_type"] == "lapsed", "customers"].sum()
    reactivated = pair.loc[pair["flow_type"] == "reactivated", "customers"].sum()
    return (
        f"From {start:%d %b %Y} to {end:%d %b %Y}, {pct(share)} of customers stayed in their "
        f"segment; {count(new)} were new, {count(lapsed)} lapsed and {count(reactivated)} "
        "came back"
    )


def sizes_title(sizes: pd.DataFrame) -> str:
    """How the active base changed from the first to the last period end shown."""
    if sizes.empty:
        return "Segment sizes over time"
    active = sizes.loc[sizes["state"] != NO_LONGER]
    totals = active.groupby("period_end_date")["customers"].sum()
    first, last = totals.index.min(), totals.index.max()
    return (
        f"Active customers went from {count(totals[first])} at {first:%b %Y} to "
        f"{count(totals[last])} at {last:%d %b %Y}"
    )


def migration_matrix(pair: pd.DataFrame) -> str:
    """Rows: state at the earlier period end; columns: state at the later one. Cell shade = the
    share of the row's customers (a transition probability), text = customers."""
    rows = _ordered(pair["from_segment"])
    columns = _ordered(pair["to_segment"])
    # the column labels slant up and to the right: the right margin leaves room for the last one
    label_width, header, right = 150, 118, 90
    cell_w = max(46.0, min(72.0, (900 - label_width - right) / max(len(columns), 1)))
    cell_h = 30
    frame = Frame(
        label_width + cell_w * len(columns) + right,
        header + cell_h * len(rows) + 40,
        left=label_width,
        right=right,
        top=header,
        bottom=40,
    )
    cells = {(r.from_segment, r.to_segment): r for r in pair.itertuples()}
    parts = []
    for j, column in enumerate(columns):
        x = frame.x0 + (j + 0.5) * cell_w
        parts.append(
            f'<text class="tick" x="{num(x)}" y="{num(frame.y1 - 8)}" '
            f'transform="rotate(-40 {num(x)} {num(frame.y1 - 8)})">{esc(column)}</text>'
        )
    for i, row in enumerate(rows):
        y = frame.y1 + i * cell_h
        parts.append(text(frame.x0 - 8, y + cell_h / 2 + 4, row, class_="label", text_anchor="end"))
        for j, column in enumerate(columns):
            x = frame.x0 + j * cell_w
            cell = cells.get((row, column))
            if cell is None:
                parts.append(rect(x + 1, y + 1, cell_w - 2, cell_h - 2, class_="empty-cell", rx=2))
                continue
            share = float(cell.share_of_from_segment)
            ink = "#ffffff" if share > 0.5 else "#1d2b36"
            fill = palette.mix("#eef4f8", "#0b4f6c", min(max(share, 0.0), 1.0))
            parts.append(
                f'<rect x="{num(x + 1)}" y="{num(y + 1)}" width="{num(cell_w - 2)}" '
                f'height="{num(cell_h - 2)}" rx="2" fill="{fill}"><title>{esc(row)} to '
                f"{esc(column)}: {count(cell.customers)} customers ({pct(share)} of {esc(row)})"
                "</title></rect>"
                + text(
                    x + cell_w / 2,
                    y + cell_h / 2 + 4,
                    count(cell.customers),
                    class_="cell-sub",
                    text_anchor="middle",
                    fill=ink,
                )
            )
    parts.append(
        text(
            frame.x0 + cell_w * len(columns) / 2,
            frame.height - 14,
            "Rows: state at the earlier period end; columns: at the later one",
            class_="axis-label",
            text_anchor="middle",
        )
    )
    return document(frame, "".join(parts), "Segment migration matrix")


def segment_size_columns(sizes: pd.DataFrame) -> str:
    """One stacked column per period end: customers per segment, 'No longer active' on top."""
    ends = sorted(sizes["period_end_date"].unique())
    states = _ordered(sizes["state"])
    frame = Frame(900, 380, left=64, right=190, top=14, bottom=52)
    totals = sizes.groupby("period_end_date")["customers"].sum()
    y = LinearScale(0, float(totals.max()) if len(totals) else 1.0, frame.y0, frame.y1)
    width = (frame.x1 - frame.x0) / max(len(ends), 1)
    parts = [frame.y_axis(y, "Customers")]
    table = sizes.pivot_table(
        index="period_end_date", columns="state", values="customers", aggfunc="sum", fill_value=0
    )
    every = max(1, len(ends) // 12)
    for i, end in enumerate(ends):
        x = frame.x0 + i * width
        base = 0.0
        for state in states:
            value = float(table.at[end, state]) if state in table.columns else 0.0
            if value <= 0:
                continue
            top = base + value
            parts.append(
                f'<rect x="{num(x + 1)}" y="{num(y(top))}" width="{num(max(width - 2, 1))}" '
                f'height="{num(y(base) - y(top))}" fill="{STATE_COLOURS.get(state, "#999")}">'
                f"<title>{esc(state)} at {pd.Timestamp(end):%d %b %Y}: {count(value)}</title>"
                "</rect>"
            )
            base = top
        last = len(ends) - 1
        if i == last or (i % every == 0 and last - i >= every):
            parts.append(
                text(
                    x + width / 2,
                    frame.y0 + 16,
                    f"{pd.Timestamp(end):%b %y}",
                    class_="tick",
                    text_anchor="middle",
                )
            )
    parts.append(
        f'<line class="axis" x1="{num(frame.x0)}" y1="{num(frame.y0)}" x2="{num(frame.x1)}" '
        f'y2="{num(frame.y0)}"/>'
        + text(
            (frame.x0 + frame.x1) / 2,
            frame.height - 8,
            "Period end",
            class_="axis-label",
            text_anchor="middle",
        )
        + legend(
            [(state, STATE_COLOURS.get(state, "#999")) for state in reversed(states)],
            frame.x1 + 16,
            frame.y1,
        )
    )
    return document(frame, "".join(parts), "Customers per segment at each period end")
