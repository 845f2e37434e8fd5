"""Discounted customer lifetime value from a transaction model and expected spend.

FHL 2005b, section "CLV": the value of the expected future purchases over a finite horizon,
discounted monthly:

    CLV = sum_{m=1..H} (E[Y(t_m)] - E[Y(t_{m-1})]) * spend * margin / (1 + d)^m

where ``E[Y(t)]`` is the conditional expected number of purchases in the next ``t`` time
units, ``t_m`` is ``m`` months in the fitting unit (one month = 365.25/12 = 30.4375 days =
4.348214 weeks), ``spend`` the expected average spend per purchase and ``d`` the monthly
discount rate. Purchases in month ``m`` are discounted by the full ``m`` months (end of
month convention).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from customer_value.clv._units import months_to_units


def _time_unit(transaction_model, time_unit: str | None) -> str:
    unit = time_unit or getattr(transaction_model, "time_unit_", None)
    if unit is None:
        raise ValueError(
            "time unit of the transaction model is unknown: pass time_unit= or fit on a "
            "summary from rfm_summary()"
        )
    return unit


def expected_purchases_by_month(
    transaction_model,
    data: pd.DataFrame | None = None,
    horizon_months: int = 12,
    time_unit: str | None = None,
) -> pd.DataFrame:
    """Conditional expected purchases in each month ``(m-1, m]``, ``m = 1..horizon_months``.

    Returns a DataFrame with one column per month (named 1..H), rows aligned with ``data``.
    """
    if int(horizon_months) != horizon_months or horizon_months < 0:
        raise ValueError(f"horizon_months must be a non-negative integer; got {horizon_months}")
    unit = _time_unit(transaction_model, time_unit)
    data = transaction_model.data_ if data is None else data
    month = months_to_units(1.0, unit)
    ends = [m * month for m in range(1, int(horizon_months) + 1)]
    cum = np.column_stack(
        [np.zeros(len(data)), transaction_model.expected_purchases_at(ends, data)]
    )
    return pd.DataFrame(np.diff(cum, axis=1), index=data.index, columns=range(1, cum.shape[1]))


def customer_lifetime_value(
    transaction_model,
    expected_average_spend,
    data: pd.DataFrame | None = None,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    margin: float = 1.0,
    time_unit: str | None = None,
) -> pd.Series:
    """Discounted CLV over ``horizon_months`` (see the module docstring for the formula).

    Parameters
    ----------
    transaction_model : BetaGeoModel, ModifiedBetaGeoModel or ParetoNBDModel
        Fitted purchase model (``expected_purchases_at(times, data)``).
    expected_average_spend : float or array-like or GammaGammaModel
        Expected spend per purchase per customer (aligned with ``data``), or a fitted
        Gamma-Gamma model whose ``expected_spend(data)`` is used.
    data : pandas.DataFrame, optional
        Summary with ``frequency``, ``recency``, ``T`` (and ``monetary_value`` when a
        Gamma-Gamma model is passed); defaults to the transaction model's fitting data.
    horizon_months : int, default 12
    monthly_discount_rate : float, default 0.01
        Must be > -1; 0 means no discounting.
    margin : float, default 1.0
        Profit margin applied to spend.
    time_unit : str, optional
        Unit of the transaction model; defaults to its ``time_unit_``.

    Returns
    -------
    pandas.Series named ``clv``.
    """
    if monthly_discount_rate <= -1:
        raise ValueError(f"monthly_discount_rate must be > -1; got {monthly_discount_rate}")
    data = transaction_model.data_ if data is None else data
    monthly = expected_purchases_by_month(transaction_model, data, horizon_months, time_unit)
    if hasattr(expected_average_spend, "expected_spend"):
        spend = expected_average_spend.expected_spend(data).to_numpy()
    else:
        spend = np.broadcast_to(np.asarray(expected_average_spend, dtype=float), (len(data),))
    months = np.arange(1, monthly.shape[1] + 1)
    discount = (1.0 + monthly_discount_rate) ** -months.astype(float)
    values = monthly.to_numpy() @ discount * spend * margin
    return pd.Series(values, index=data.index, name="clv")
