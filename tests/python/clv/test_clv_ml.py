"""Tests for customer_value.clv.ml."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import NextPeriodModel, customer_features
from customer_value.clv.ml import FEATURE_COLUMNS


def test_features_hand_computed(tiny_days):
    f = customer_features(tiny_days, "2011-01-31", time_unit="days").set_index("customer_id")
    assert list(f.index) == ["a", "b"]
    assert list(f.columns) == list(FEATURE_COLUMNS)
    a = f.loc["a"]
    assert a["frequency"] == 2 and a["recency"] == 21 and a["T"] == 30
    assert a["days_since_last"] == 9 and a["mean_gap"] == 10.5
    assert_allclose([a["monetary_mean"], a["last_spend"], a["first_spend"]], [70 / 3, 40, 10])
    assert np.isnan(f.loc["b", "mean_gap"])


def test_next_period_model_fit_predict(customer_days):
    model = NextPeriodModel(period_days=180, seed=1, max_iter=60).fit(customer_days, "2011-06-01")
    pred = model.predict()
    assert list(pred.columns) == [
        "customer_id",
        "purchase_probability",
        "predicted_purchases",
        "predicted_spend",
    ]
    assert pred["customer_id"].is_unique
    assert pred["purchase_probability"].between(0, 1).all()
    assert (pred["predicted_purchases"] >= 0).all() and (pred["predicted_spend"] >= 0).all()
    again = (
        NextPeriodModel(period_days=180, seed=1, max_iter=60)
        .fit(customer_days, "2011-06-01")
        .predict()
    )
    pd.testing.assert_frame_equal(pred, again)
    # no data after the cutoff is used: dropping it changes nothing
    early = customer_days.loc[customer_days["order_date"] <= "2011-06-01"]
    pd.testing.assert_frame_equal(
        NextPeriodModel(period_days=180, seed=1, max_iter=60).fit(early, "2011-06-01").predict(),
        pred,
    )


def test_next_period_model_needs_history(tiny_days):
    with pytest.raises(ValueError, match="at least 2 customers with history before"):
        NextPeriodModel(period_days=365).fit(tiny_days, "2011-03-01")
    with pytest.raises(ValueError, match="period_days must be positive"):
        NextPeriodModel(period_days=0).fit(tiny_days, "2011-03-01")
    with pytest.raises(ValueError, match="not fitted"):
        NextPeriodModel().predict()
