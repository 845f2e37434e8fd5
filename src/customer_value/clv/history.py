"""Left-truncated history: customers who bought before the data start.

A data extract that starts on a fixed day (Online Retail II: 2009-12-01) shows existing customers'
first purchase *in the data* in its first weeks: 951 customers "first bought" in December 2009
against 250-450 in each later month. For them the first purchase seen is not their first, so the
buy-till-you-die summary (frequency = purchases after the first, T = time since the first) makes
long-standing customers look brand new.

Detection (:func:`detect_left_truncation`): customers are counted by the calendar month of their
first purchase in the data; the leading months whose count exceeds ``BURN_IN_RATIO`` times the
median of the later months form the burn-in. History is left-truncated when there is at least one
such month.

Handling (:func:`left_censor`): a customer first seen in the burn-in is treated as left-censored:
known to be active at the data start, with the clock started there. Every purchase day in the
data counts as a transaction (``frequency`` = all purchase days, none is the "birth"),
``recency`` and ``T`` run from the data start, and ``monetary_value`` is the mean of all purchase
days. The BG/NBD-family likelihood of a customer alive at time 0 who makes ``x`` purchases in
``(0, T]`` is the same formula, so the models fit both groups together. The summary's
``history_treatment`` column says which customers were fitted how.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: A leading month is burn-in when its first-purchase count exceeds this multiple of the median.
BURN_IN_RATIO = 2.0
#: Fewer later months than this: no detection (the median would mean little).
MIN_REFERENCE_MONTHS = 3

OBSERVED = "first_purchase_observed"
LEFT_CENSORED = "left_censored"
TREATMENTS = (OBSERVED, LEFT_CENSORED)


@dataclass(frozen=True)
class TruncationCheck:
    """Outcome of :func:`detect_left_truncation`.

    ``burn_in_end`` is the last day of the burn-in (None when not truncated);
    ``first_month_customers`` the first-purchase count of the data's first month and
    ``median_monthly_customers`` the median of the later months.
    """

    data_start: pd.Timestamp
    is_left_truncated: bool
    burn_in_end: pd.Timestamp | None
    burn_in_months: int
    first_month_customers: int
    median_monthly_customers: float

    def describe(self) -> str:
        if not self.is_left_truncated:
            return (
                f"history not left-truncated: {self.first_month_customers} customers first seen "
                f"in the first month against a median of {self.median_monthly_customers:.0f}"
            )
        return (
            f"history left-truncated: {self.first_month_customers} customers first seen in the "
            f"first month of data ({self.data_start.date()}) against a median of "
            f"{self.median_monthly_customers:.0f} per later month; customers first seen by "
            f"{self.burn_in_end.date()} ({self.burn_in_months} month(s) of burn-in) are fitted "
            "as left-censored"
        )


def detect_left_truncation(days: pd.DataFrame) -> TruncationCheck:
    """Detect left truncation from first purchases per calendar month (module docstring).

    ``days`` holds validated customer-days (``customer_id``, ``order_date``).
    """
    start = days["order_date"].min()
    first = days.groupby("customer_id")["order_date"].min()
    months = first.dt.to_period("M")
    counts = months.value_counts().sort_index()
    counts = counts.reindex(
        pd.period_range(counts.index.min(), counts.index.max(), freq="M"), fill_value=0
    )
    later = counts.iloc[1:]
    if len(later) < MIN_REFERENCE_MONTHS:
        return TruncationCheck(start, False, None, 0, int(counts.iloc[0]), float("nan"))
    median = float(np.median(later.to_numpy()))
    burn_in = 0
    for count in counts.to_numpy():
        if (
            count > BURN_IN_RATIO * max(median, 1.0)
            and burn_in < len(counts) - MIN_REFERENCE_MONTHS
        ):
            burn_in += 1
        else:
            break
    end = counts.index[burn_in - 1].end_time.normalize() if burn_in else None
    return TruncationCheck(start, burn_in > 0, end, burn_in, int(counts.iloc[0]), median)


def left_censor(
    summary: pd.DataFrame, days: pd.DataFrame, check: TruncationCheck, unit_days: float
) -> pd.DataFrame:
    """Re-express the burn-in customers of an RFM summary as left-censored (module docstring).

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`customer_value.clv.rfm_summary` output (``T`` measured to its period end).
    days : pandas.DataFrame
        The validated customer-days the summary was built from (same period).
    check : TruncationCheck
    unit_days : float
        Days per time unit of the summary.

    Returns
    -------
    pandas.DataFrame
        A copy with ``history_treatment`` added and, for left-censored customers, ``frequency``,
        ``recency``, ``T`` and ``monetary_value`` re-expressed from the data start.
    """
    out = summary.copy()
    out["history_treatment"] = OBSERVED
    if not check.is_left_truncated:
        return out
    firsts = days.groupby("customer_id").agg(
        first_day=("order_date", "min"),
        last_day=("order_date", "max"),
        total=("net_revenue", "sum"),
    )
    firsts = firsts.reindex(out["customer_id"])
    censored = (firsts["first_day"] <= check.burn_in_end).to_numpy()
    n_days = out["frequency"].to_numpy() + 1
    since_start = (
        (firsts["first_day"] - check.data_start) / pd.Timedelta(days=1)
    ).to_numpy() / unit_days
    out.loc[censored, "frequency"] = n_days[censored]
    out.loc[censored, "recency"] = (
        (firsts["last_day"] - check.data_start) / pd.Timedelta(days=1)
    ).to_numpy()[censored] / unit_days
    out.loc[censored, "T"] = out["T"].to_numpy()[censored] + since_start[censored]
    out.loc[censored, "monetary_value"] = firsts["total"].to_numpy()[censored] / n_days[censored]
    out.loc[censored, "history_treatment"] = LEFT_CENSORED
    return out
