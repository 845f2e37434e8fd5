"""Tests for customer_value.clv.seasonal (calendar index, multipliers) and
customer_value.clv.selection (the model customer_lifetime_value uses)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import choose_clv_model
from customer_value.clv.seasonal import calendar_index, seasonal_multipliers


def _seasonal_days(december_factor: float = 3.0) -> pd.DataFrame:
    """One purchase day per customer per day all year, December days weighted x3 (in count)."""
    dates = pd.date_range("2010-01-01", "2010-12-31", freq="D")
    repeat = np.where(dates.month == 12, int(december_factor), 1)
    order_date = np.repeat(dates.to_numpy(), repeat)
    return pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(len(order_date))],
            "order_date": order_date,
            "net_revenue": np.where(pd.DatetimeIndex(order_date).month == 12, 20.0, 10.0),
        }
    )


def test_calendar_index_hand_computed():
    days = _seasonal_days()
    index = calendar_index(days, pd.Timestamp("2010-12-31"))
    total_rate = (334 + 31 * 3) / 365
    assert_allclose(index.purchases[12], 3 / total_rate)
    assert_allclose(index.purchases[6], 1 / total_rate)
    mean_spend = (334 * 10 + 93 * 20) / (334 + 93)
    assert_allclose(index.spend[12], 20 / mean_spend)
    assert calendar_index(days, pd.Timestamp("2010-06-30")) is None  # under a year


def test_multipliers_for_a_peak_customer_and_a_year_long_one():
    index = calendar_index(_seasonal_days(), pd.Timestamp("2010-12-31"))
    starts = pd.Series(pd.to_datetime(["2010-01-01", "2010-12-01"]))
    purchases, spend = seasonal_multipliers(index, starts, pd.Timestamp("2010-12-31"), 31)
    # horizon = January (index 1 / total_rate); a year-long history averages 1; a
    # December-only history averaged the December peak
    total_rate = (334 + 93) / 365
    assert_allclose(purchases, [1 / total_rate, 1 / 3])
    assert spend[1] == pytest.approx(0.5)


def test_choose_clv_model():
    validation = pd.DataFrame(
        {
            "model": ["bgnbd_gamma_gamma", "pareto_nbd_gamma_gamma", "naive_carry_forward"],
            "metric": ["spend_mae"] * 3,
            "value": [10.0, 9.0, 1.0],
        }
    )
    assert choose_clv_model(validation) == "pareto_nbd"  # naive is not eligible
    tie = validation.assign(value=[9.0, 9.0, 1.0])
    assert choose_clv_model(tie) == "bgnbd"
    assert choose_clv_model(validation.assign(value=np.nan)) == "bgnbd"
    assert choose_clv_model(validation, "mbgnbd") == "mbgnbd"
    with pytest.raises(ValueError, match="clv_model must be 'auto' or one of"):
        choose_clv_model(validation, "ml")
