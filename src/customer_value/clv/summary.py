"""Recency-frequency-monetary (RFM) summaries for buy-till-you-die models.

The input is the warehouse's customer-day table (``int_customer_days_aggregated``): one row
per customer and calendar day with ``net_revenue > 0``. A "purchase" below is one such
customer-day: several orders placed by one customer on one day count as one transaction,
which is the day resolution the BTYD literature uses (Fader, Hardie & Lee 2005, section 4).

Definitions (all durations measured in whole days, then divided by the length of the chosen
``time_unit``: 1 day, 7 days, or one month of ``365.25 / 12 = 30.4375`` days):

* ``frequency``: number of *repeat* purchase days, i.e. purchase days after the first one.
* ``recency``: time from the first to the last purchase day (0 when ``frequency == 0``).
* ``T``: time from the first purchase day to the end of the observation period.
* ``monetary_value``: mean ``net_revenue`` of the repeat purchase days (0 when
  ``frequency == 0``); the first purchase is excluded, as the Gamma-Gamma model of
  Fader, Hardie & Lee (2005b) is fitted to repeat transactions only.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from customer_value.clv._units import days_per_unit

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("customer_id", "order_date", "net_revenue")
SUMMARY_COLUMNS = ("customer_id", "frequency", "recency", "T", "monetary_value")
HOLDOUT_COLUMNS = ("holdout_purchases", "holdout_spend", "holdout_duration")
_NS_PER_DAY = 86_400 * 10**9
#: The customer id type prepare_customer_days returns: pandas' default for text (str; object
#: before pandas 3).
_ID_DTYPE = pd.Series(np.array(["id"], dtype=object)).dtype


def _as_day(value, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a date; got {value!r}") from exc
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date; got {value!r}")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize().as_unit("ns")


def prepare_customer_days(customer_days: pd.DataFrame, observation_end) -> pd.DataFrame:
    """Validate and normalise a customer-day table.

    Parameters
    ----------
    customer_days : pandas.DataFrame
        Columns ``customer_id``, ``order_date`` (date or datetime; the time of day is
        dropped) and ``net_revenue`` (float, or ``decimal.Decimal`` as DuckDB returns
        ``DECIMAL``). Other columns are ignored.
    observation_end : date-like
        Last day of the observation period (inclusive). Rows after it are dropped and the
        number dropped is logged and stored in ``result.attrs["rows_dropped_after_end"]``.

    Returns
    -------
    pandas.DataFrame
        ``customer_id`` (str), ``order_date`` (datetime64[ns], midnight), ``net_revenue``
        (float64), one row per customer and day (same-day rows are summed), sorted by
        customer and date. A frame already in this form (this function's output, passed on
        by the CLV functions) is only cut at ``observation_end``, not merged and sorted
        again.

    Raises
    ------
    ValueError
        If a required column is missing, ``customer_id`` or ``order_date`` is null or not a
        date, or ``net_revenue`` is missing, not numeric or not strictly positive.
    """
    if not isinstance(customer_days, pd.DataFrame):
        raise ValueError("customer_days must be a pandas DataFrame")
    missing = [c for c in REQUIRED_COLUMNS if c not in customer_days.columns]
    if missing:
        raise ValueError(f"customer_days is missing required column(s): {', '.join(missing)}")
    end = _as_day(observation_end, "observation_end")
    if _is_prepared(customer_days):
        return _cut_at(customer_days, end)
    return _validated(customer_days, end)


def _is_prepared(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is already in the form :func:`prepare_customer_days` returns: exactly
    its columns and types, text customer ids and midnight dates without nulls, positive
    revenue, sorted by customer and day with one row per pair. The CLV functions pass such a
    frame along to each other; checking it costs a fraction of preparing it again."""
    if list(frame.columns) != list(REQUIRED_COLUMNS) or frame.empty:
        return False
    ids, dates, revenue = frame["customer_id"], frame["order_date"], frame["net_revenue"]
    if dates.dtype != "datetime64[ns]" or revenue.dtype != "float64":
        return False
    if ids.dtype != _ID_DTYPE or ids.isna().any():
        return False
    if ids.dtype == object and pd.api.types.infer_dtype(ids, skipna=False) != "string":
        return False
    stamps = dates.to_numpy().view("int64")
    if dates.isna().any() or (stamps % _NS_PER_DAY).any() or not (revenue > 0).all():
        return False
    # neighbours compared as arrays (Arrow kernels for Arrow-backed text): no Python objects
    values = ids.array
    if not np.asarray(values[:-1] <= values[1:], dtype=bool).all():
        return False
    same_customer = np.asarray(values[:-1] == values[1:], dtype=bool)
    return bool((np.diff(stamps)[same_customer] > 0).all())


def _cut_at(days: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """A prepared frame up to ``end``: what preparing it again would return."""
    kept, n_after = _up_to(days, end)
    return _with_attrs(kept.reset_index(drop=True), n_after, end)


def _up_to(days: pd.DataFrame, end: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    """The rows on or before ``end`` and how many were dropped (logged)."""
    after = days["order_date"] > end
    n_after = int(after.sum())
    if n_after:
        logger.warning(
            "dropping %d customer-day rows after observation_end %s", n_after, end.date()
        )
        days = days.loc[~after]
    return days, n_after


def _with_attrs(days: pd.DataFrame, n_after: int, end: pd.Timestamp) -> pd.DataFrame:
    days.attrs = {"rows_dropped_after_end": n_after, "observation_end": end}
    return days


def _validated(customer_days: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """:func:`prepare_customer_days` of a frame it has not prepared."""
    df = customer_days.loc[:, list(REQUIRED_COLUMNS)]
    if df["customer_id"].isna().any():
        raise ValueError("customer_id contains null values")
    try:
        order_date = pd.to_datetime(df["order_date"], format="mixed")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"order_date could not be parsed as dates: {exc}") from exc
    if order_date.isna().any():
        raise ValueError("order_date contains null values")
    if getattr(order_date.dt, "tz", None) is not None:
        order_date = order_date.dt.tz_localize(None)
    try:
        revenue = df["net_revenue"].astype("float64")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"net_revenue must be numeric: {exc}") from exc
    if revenue.isna().any():
        raise ValueError("net_revenue contains null values")

    out = pd.DataFrame(
        {
            "customer_id": df["customer_id"].astype(str).to_numpy(),
            "order_date": order_date.dt.normalize().astype("datetime64[ns]").to_numpy(),
            "net_revenue": revenue.to_numpy(),
        }
    )
    out, n_after = _up_to(out, end)
    bad = out["net_revenue"] <= 0
    if bad.any():
        example = out.loc[bad].iloc[0]
        raise ValueError(
            f"net_revenue must be strictly positive; found {int(bad.sum())} row(s) with "
            f"net_revenue <= 0 (e.g. customer {example['customer_id']} on "
            f"{example['order_date'].date()}: {example['net_revenue']})"
        )
    n_rows = len(out)
    out = out.groupby(["customer_id", "order_date"], as_index=False, sort=True)["net_revenue"].sum()
    if len(out) < n_rows:
        logger.info("merged %d same-day rows into customer-days", n_rows - len(out))
    return _with_attrs(out, n_after, end)


def _summarise(days: pd.DataFrame, end: pd.Timestamp, unit_days: float) -> pd.DataFrame:
    """RFM summary of already validated, sorted customer-days up to ``end``."""
    grouped = days.groupby("customer_id", sort=True)
    agg = grouped.agg(
        first_day=("order_date", "min"),
        last_day=("order_date", "max"),
        n_days=("order_date", "size"),
        total=("net_revenue", "sum"),
        first_spend=("net_revenue", "first"),
    )
    frequency = agg["n_days"].to_numpy(dtype=np.int64) - 1
    repeat_spend = agg["total"].to_numpy() - agg["first_spend"].to_numpy()
    monetary = np.divide(repeat_spend, frequency, out=np.zeros(len(agg)), where=frequency > 0)
    first = agg["first_day"].to_numpy()
    day = np.timedelta64(1, "D")
    recency = (agg["last_day"].to_numpy() - first) / day / unit_days
    T = (end.to_datetime64() - first) / day / unit_days
    return pd.DataFrame(
        {
            "customer_id": agg.index.to_numpy(dtype=object),
            "frequency": frequency,
            "recency": recency.astype("float64"),
            "T": T.astype("float64"),
            "monetary_value": np.where(frequency > 0, monetary, 0.0),
        }
    )


def rfm_summary(
    customer_days: pd.DataFrame,
    observation_end,
    time_unit: str = "weeks",
    calibration_end=None,
) -> pd.DataFrame:
    """Per-customer frequency, recency, T and monetary value (see the module docstring).

    Parameters
    ----------
    customer_days : pandas.DataFrame
        ``customer_id``, ``order_date``, ``net_revenue``; one row per customer-day with
        positive revenue (same-day rows are summed).
    observation_end : date-like
        Last observed day (inclusive). Rows after it are dropped (the count is logged).
    time_unit : {"days", "weeks", "months"}
        Unit of ``recency``, ``T`` and ``holdout_duration``; a month is 30.4375 days.
    calibration_end : date-like, optional
        If given, the summary is computed on the calibration period (up to and including
        ``calibration_end``, with ``T`` measured to ``calibration_end``) and three holdout
        columns are added for customers first seen in calibration: ``holdout_purchases``
        (number of purchase days in ``(calibration_end, observation_end]``),
        ``holdout_spend`` (their total net revenue) and ``holdout_duration`` (length of the
        holdout period in ``time_unit``). Customers first seen in the holdout are left out.

    Returns
    -------
    pandas.DataFrame
        One row per customer, sorted by ``customer_id``: ``customer_id``, ``frequency``
        (int), ``recency``, ``T``, ``monetary_value`` and, with ``calibration_end``, the
        holdout columns. ``attrs`` holds ``time_unit``, ``observation_end``,
        ``calibration_end`` and ``rows_dropped_after_end``.

    Raises
    ------
    ValueError
        For a missing or invalid column, non-positive ``net_revenue``, an unknown
        ``time_unit``, or ``calibration_end`` not before ``observation_end``.
    """
    unit_days = days_per_unit(time_unit)
    days = prepare_customer_days(customer_days, observation_end)
    end = days.attrs["observation_end"]
    if calibration_end is None:
        summary = _summarise(days, end, unit_days)
        cal_end = None
    else:
        cal_end = _as_day(calibration_end, "calibration_end")
        if cal_end >= end:
            raise ValueError(
                f"calibration_end ({cal_end.date()}) must be before observation_end ({end.date()})"
            )
        in_cal = days["order_date"] <= cal_end
        summary = _summarise(days.loc[in_cal], cal_end, unit_days)
        holdout = days.loc[~in_cal].groupby("customer_id")["net_revenue"].agg(["size", "sum"])
        holdout = holdout.reindex(summary["customer_id"])
        summary["holdout_purchases"] = holdout["size"].fillna(0).to_numpy(dtype=np.int64)
        summary["holdout_spend"] = holdout["sum"].fillna(0.0).to_numpy(dtype=np.float64)
        summary["holdout_duration"] = (end - cal_end).days / unit_days
    summary.attrs.update(
        time_unit=time_unit,
        observation_end=end,
        calibration_end=cal_end,
        rows_dropped_after_end=days.attrs["rows_dropped_after_end"],
    )
    logger.info("RFM summary: %d customers (%s)", len(summary), time_unit)
    return summary


def calibration_holdout_split(
    customer_days: pd.DataFrame,
    calibration_end,
    observation_end,
    time_unit: str = "weeks",
) -> pd.DataFrame:
    """Calibration summary plus holdout actuals; ``rfm_summary`` with ``calibration_end``.

    See :func:`rfm_summary` for the columns.
    """
    return rfm_summary(
        customer_days, observation_end, time_unit=time_unit, calibration_end=calibration_end
    )
