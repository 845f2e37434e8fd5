"""Seasonality-aware predictions: a calendar index on purchase rate and spend.

Retail purchase rates and order values follow the calendar (Online Retail peaks in Q4), while the
buy-till-you-die models are stationary: a customer's rate is estimated from whatever seasons
their history covered and spread evenly over the horizon. When the fitting window spans at
least a year, :func:`calendar_index` estimates from its last 365 days

* a purchase index per calendar month: purchase days per day in that month over the mean
  purchase days per day (mean 1 over the year),
* a spend index per calendar month: mean spend per purchase day in that month over the year's.

:func:`seasonal_multipliers` then rescales each customer's stationary prediction by the mean
purchase index over the horizon divided by the mean over the days their history covered (their
rate was estimated there; a customer acquired in the Q4 peak has seen only peak days), and their
spend per purchase by the purchase-weighted spend index over the horizon over that of their
history. The index is estimated on one year, so growth within that year is read as season.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The fitting window must cover at least this many days for a calendar index.
MIN_WINDOW_DAYS = 365


@dataclass(frozen=True)
class CalendarIndex:
    """Purchase and spend index per calendar month (1..12), each with mean 1 over a year."""

    purchases: pd.Series
    spend: pd.Series

    def daily(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        """Purchase and spend index of every day in ``[start, end]``."""
        dates = pd.date_range(start, end, freq="D")
        months = dates.month
        return pd.DataFrame(
            {
                "purchases": self.purchases.reindex(months).to_numpy(),
                "spend": self.spend.reindex(months).to_numpy(),
            },
            index=dates,
        )


def calendar_index(days: pd.DataFrame, window_end: pd.Timestamp) -> CalendarIndex | None:
    """Estimate the index from the last 365 days up to ``window_end``; None when the customer
    days (``order_date``, ``net_revenue``) cover less than ``MIN_WINDOW_DAYS``."""
    start = days["order_date"].min()
    if pd.isna(start) or (window_end - start).days + 1 < MIN_WINDOW_DAYS:
        return None
    year_start = window_end - pd.Timedelta(days=MIN_WINDOW_DAYS - 1)
    year = days.loc[(days["order_date"] >= year_start) & (days["order_date"] <= window_end)]
    calendar = pd.date_range(year_start, window_end, freq="D")
    days_per_month = pd.Series(1, index=calendar).groupby(calendar.month).sum()
    months = year["order_date"].dt.month
    count = year.groupby(months).size().reindex(days_per_month.index, fill_value=0)
    spend = year.groupby(months)["net_revenue"].sum().reindex(days_per_month.index, fill_value=0)
    daily_rate = count / days_per_month
    purchases = daily_rate / (count.sum() / days_per_month.sum())
    mean_spend = spend.sum() / max(count.sum(), 1)
    spend_index = (spend / count.where(count > 0)).fillna(mean_spend) / mean_spend
    return CalendarIndex(purchases.rename("purchases"), spend_index.rename("spend"))


def seasonal_multipliers(
    index: CalendarIndex,
    history_start: pd.Series,
    window_end: pd.Timestamp,
    horizon_days: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer multipliers of stationary purchases and spend per purchase (module
    docstring). ``history_start`` is the first day of each customer's history as the model saw
    it (the data start for left-censored customers)."""
    first = pd.to_datetime(history_start).min()
    daily = index.daily(first, window_end + pd.Timedelta(days=int(horizon_days)))
    cum_p = np.concatenate([[0.0], np.cumsum(daily["purchases"].to_numpy())])
    cum_ps = np.concatenate([[0.0], np.cumsum((daily["purchases"] * daily["spend"]).to_numpy())])
    offset = ((pd.to_datetime(history_start) - first).dt.days).to_numpy()
    end = (window_end - first).days + 1
    length = np.maximum(end - offset, 1)
    history_p = (cum_p[end] - cum_p[offset]) / length
    history_s = (cum_ps[end] - cum_ps[offset]) / (cum_p[end] - cum_p[offset])
    horizon_p = (cum_p[-1] - cum_p[end]) / int(horizon_days)
    horizon_s = (cum_ps[-1] - cum_ps[end]) / (cum_p[-1] - cum_p[end])
    return horizon_p / history_p, horizon_s / history_s
