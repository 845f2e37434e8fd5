"""Features and labels of the next-period ML models, on fixed-length lookbacks.

Every feature describes a customer at an origin day ``c`` from the ``LOOKBACK_DAYS`` before it
only (durations are capped at that length), so training origins early in the data and the
prediction origin at its end see features of the same range: cumulative features over the whole
history grew with the data (12 months of history in training against 24 at prediction time).
``history_days`` says how much of the lookback the data cover (less near the data start, where
the first purchase seen may not be the customer's first). The calendar position of the target
window (its mid-point's day of the year as sine and cosine) and its offset from the origin let
one model learn the season and the horizon from origins stacked over the year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Length of every lookback (days): a year, so each feature has seen one full season.
LOOKBACK_DAYS = 365
#: Short lookback for recent activity (days).
RECENT_DAYS = 90
#: A horizon's remainder shorter than this share of a target window joins the window before it.
FOLDED_REMAINDER = 0.1

FEATURE_COLUMNS = (
    "purchases_lookback",
    "spend_lookback",
    "purchases_recent",
    "spend_recent",
    "mean_spend_lookback",
    "max_spend_lookback",
    "mean_spend_history",
    "days_since_last",
    "tenure_days",
    "history_days",
    "offset_days",
    "target_season_sin",
    "target_season_cos",
)


def origin_features(days: pd.DataFrame, origin: pd.Timestamp, data_start: pd.Timestamp):
    """Customer features at ``origin`` (customers first seen on or before it), without the
    target-window columns ``offset_days`` and ``target_season_*`` (see :func:`with_target`).

    ``days`` holds validated customer-days (see :func:`customer_value.clv.prepare_customer_days`).
    """
    hist = days.loc[days["order_date"] <= origin]
    day = pd.Timedelta(days=1)
    lookback_start = origin - pd.Timedelta(days=LOOKBACK_DAYS)
    grouped = hist.groupby("customer_id", sort=True)
    everything = grouped.agg(
        first_day=("order_date", "min"),
        last_day=("order_date", "max"),
        n_days=("order_date", "size"),
        total_spend=("net_revenue", "sum"),
    )
    customers = everything.index

    def window(start):
        part = hist.loc[hist["order_date"] > start].groupby("customer_id")["net_revenue"]
        return part.agg(["size", "sum", "max"]).reindex(customers).fillna(0.0)

    lookback = window(lookback_start)
    recent = window(origin - pd.Timedelta(days=RECENT_DAYS))
    history = min((origin - data_start) / day + 1.0, LOOKBACK_DAYS)
    mean_lookback = lookback["sum"] / lookback["size"].where(lookback["size"] > 0)
    return pd.DataFrame(
        {
            "customer_id": customers.to_numpy(dtype=object),
            "purchases_lookback": lookback["size"].to_numpy(dtype=float),
            "spend_lookback": lookback["sum"].to_numpy(dtype=float),
            "purchases_recent": recent["size"].to_numpy(dtype=float),
            "spend_recent": recent["sum"].to_numpy(dtype=float),
            "mean_spend_lookback": mean_lookback.to_numpy(dtype=float),
            "max_spend_lookback": lookback["max"].to_numpy(dtype=float),
            "mean_spend_history": (everything["total_spend"] / everything["n_days"]).to_numpy(),
            "days_since_last": np.minimum(
                (origin - everything["last_day"]) / day, LOOKBACK_DAYS
            ).to_numpy(dtype=float),
            "tenure_days": np.minimum(
                (origin - everything["first_day"]) / day, LOOKBACK_DAYS
            ).to_numpy(dtype=float),
            "history_days": np.full(len(customers), history),
        }
    )


def with_target(features: pd.DataFrame, origin: pd.Timestamp, offset_days: int, window_days: int):
    """Add the target window's ``offset_days`` and calendar position (its mid-point's day of the
    year as an angle: sine and cosine) to :func:`origin_features` output."""
    middle = origin + pd.Timedelta(days=offset_days + window_days / 2.0)
    angle = 2.0 * np.pi * (middle.day_of_year - 1) / 365.25
    return features.assign(
        offset_days=float(offset_days),
        target_season_sin=float(np.sin(angle)),
        target_season_cos=float(np.cos(angle)),
    )


def window_labels(days: pd.DataFrame, customers, start: pd.Timestamp, end: pd.Timestamp):
    """Purchase days and net spend of ``customers`` in ``(start, end]``."""
    inside = days.loc[(days["order_date"] > start) & (days["order_date"] <= end)]
    agg = inside.groupby("customer_id")["net_revenue"].agg(["size", "sum"]).reindex(customers)
    return pd.DataFrame(
        {
            "purchases": agg["size"].fillna(0).to_numpy(dtype=float),
            "spend": agg["sum"].fillna(0.0).to_numpy(dtype=float),
        }
    )


def horizon_windows(period_days: int, window_days: int) -> list[tuple[int, float]]:
    """The target windows that tile a horizon: ``(offset_days, weight)`` with weight 1 for full
    windows and the covered fraction for the last, partial one. A remainder shorter than a
    tenth of a window (the 365-day year is 4 x 91 days and 1) is not a window of its own: the
    last full window's weight grows by it, so a day is not predicted, or trained, on its own."""
    windows = []
    offset = 0
    while offset < period_days:
        covered = min(window_days, period_days - offset)
        windows.append((offset, covered / window_days))
        offset += window_days
    if len(windows) > 1 and windows[-1][1] < FOLDED_REMAINDER:
        last_offset, last_weight = windows[-2]
        windows[-2:] = [(last_offset, last_weight + windows[-1][1])]
    return windows
