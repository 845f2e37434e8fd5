"""Tests for customer_value.clv.lifetime_value and the time-unit helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import (
    BetaGeoModel,
    GammaGammaModel,
    customer_lifetime_value,
    expected_purchases_by_month,
    months_to_units,
)
from customer_value.clv.simulate import simulate_summary


@pytest.fixture(scope="module")
def models():
    summary = simulate_summary(4000, seed=21)
    summary.attrs["time_unit"] = "weeks"
    return BetaGeoModel().fit(summary), GammaGammaModel().fit(summary), summary


def test_month_conversion():
    assert_allclose(months_to_units(1, "days"), 30.4375)
    assert_allclose(months_to_units(1, "weeks"), 30.4375 / 7)
    assert_allclose(months_to_units(12, "months"), 12)
    with pytest.raises(ValueError, match="time_unit must be one of"):
        months_to_units(1, "years")


def test_clv_grows_with_horizon_and_falls_with_discount(models):
    bg, gg, summary = models
    clv6 = gg.customer_lifetime_value(bg, horizon_months=6).to_numpy()
    clv12 = gg.customer_lifetime_value(bg, horizon_months=12).to_numpy()
    assert np.all(clv12 > clv6) and np.all(clv6 > 0)
    low = gg.customer_lifetime_value(bg, monthly_discount_rate=0.0).to_numpy()
    high = gg.customer_lifetime_value(bg, monthly_discount_rate=0.05).to_numpy()
    assert np.all(low > clv12) and np.all(clv12 > high)
    assert_allclose(gg.customer_lifetime_value(bg, horizon_months=0), 0.0)


def test_undiscounted_clv_is_expected_spend_over_horizon(models):
    bg, gg, summary = models
    clv = customer_lifetime_value(
        bg, gg, summary, horizon_months=12, monthly_discount_rate=0.0, margin=0.3
    )
    purchases = bg.expected_purchases(12 * 30.4375 / 7, summary)
    assert_allclose(clv, 0.3 * purchases * gg.expected_spend(summary), rtol=1e-10)


def test_monthly_increments_sum_to_horizon(models):
    bg, _, summary = models
    monthly = expected_purchases_by_month(bg, summary, horizon_months=24)
    assert list(monthly.columns) == list(range(1, 25))
    assert (monthly.to_numpy() >= 0).all()
    assert_allclose(
        monthly.sum(axis=1), bg.expected_purchases(24 * 30.4375 / 7, summary), rtol=1e-10
    )


def test_clv_is_invariant_to_the_fitting_unit(models):
    bg_weeks, gg, summary = models
    in_days = summary.assign(recency=summary["recency"] * 7, T=summary["T"] * 7)
    bg_days = BetaGeoModel(time_unit="days").fit(in_days)
    clv_weeks = customer_lifetime_value(bg_weeks, 50.0, summary)
    clv_days = customer_lifetime_value(bg_days, 50.0, in_days)
    assert_allclose(clv_days, clv_weeks, rtol=1e-3)


def test_clv_errors(models):
    bg, gg, summary = models
    unknown = BetaGeoModel().fit(pd.DataFrame(summary[["frequency", "recency", "T"]]))
    with pytest.raises(ValueError, match="time unit of the transaction model is unknown"):
        customer_lifetime_value(unknown, 10.0)
    with pytest.raises(ValueError, match="monthly_discount_rate must be > -1"):
        customer_lifetime_value(bg, 10.0, monthly_discount_rate=-1.0)
    with pytest.raises(ValueError, match="horizon_months must be a non-negative integer"):
        customer_lifetime_value(bg, 10.0, horizon_months=1.5)
