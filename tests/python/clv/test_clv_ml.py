"""Tests for customer_value.clv.ml."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import NextPeriodModel, customer_features
from customer_value.clv.ml_features import FEATURE_COLUMNS, LOOKBACK_DAYS, horizon_windows


def test_features_hand_computed(tiny_days):
    """Fixed lookbacks: a 2011-01-31 origin, data from 2011-01-01."""
    f = customer_features(tiny_days, "2011-01-31").set_index("customer_id")
    assert list(f.index) == ["a", "b"]
    assert list(f.columns) == list(FEATURE_COLUMNS)
    a = f.loc["a"]
    assert a["purchases_lookback"] == 3 and a["spend_lookback"] == 70
    assert a["days_since_last"] == 9 and a["tenure_days"] == 30 and a["history_days"] == 31
    assert_allclose([a["mean_spend_lookback"], a["max_spend_lookback"]], [70 / 3, 40])
    assert f.loc["b", "purchases_recent"] == 1 and f.loc["b", "offset_days"] == 0


def test_lookbacks_are_capped_at_a_year(customer_days):
    """Features at the end of two years of data have the range of those after one year."""
    late = customer_features(customer_days, "2011-12-09")
    early = customer_features(customer_days, "2010-12-09")
    for column in ("tenure_days", "days_since_last", "history_days"):
        assert late[column].max() <= LOOKBACK_DAYS
        assert early[column].max() <= LOOKBACK_DAYS


def test_target_windows_tile_the_horizon():
    assert horizon_windows(180, 91) == [(0, 1.0), (91, 89 / 91)]
    # the year's last day is no window of its own: the last quarter covers 92 days
    assert horizon_windows(365, 91) == [
        (0, 1.0),
        (91, 1.0),
        (182, 1.0),
        (273, pytest.approx(92 / 91)),
    ]
    assert horizon_windows(375, 91)[-1] == (364, 11 / 91)
    assert horizon_windows(91, 91) == [(0, 1.0)]
    for days in (30, 91, 180, 183, 365, 366, 373, 730):
        windows = horizon_windows(days, min(91, days))
        assert sum(weight for _, weight in windows) * min(91, days) == pytest.approx(days)


def test_training_stacks_origins_over_the_year(customer_days):
    """Several origins a month apart, spanning more than a year of seasons."""
    model = NextPeriodModel(period_days=180, seed=1, max_iter=20).fit(customer_days, "2011-06-01")
    origins = model.train_origins_
    assert len(origins) >= 12
    assert (origins[0] - origins[-1]).days >= 330
    assert model.n_train_rows_ > model.n_train_customers_


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


def test_without_purchase_days_the_other_columns_are_the_same(customer_days):
    full = NextPeriodModel(period_days=180, seed=1, max_iter=30).fit(customer_days, "2011-06-01")
    lean = NextPeriodModel(period_days=180, seed=1, max_iter=30, purchase_days=False).fit(
        customer_days, "2011-06-01"
    )
    assert lean.count_regressor_ is None
    pred = lean.predict()
    assert list(pred.columns) == ["customer_id", "purchase_probability", "predicted_spend"]
    pd.testing.assert_frame_equal(pred, full.predict().drop(columns="predicted_purchases"))


def test_predictions_for_some_customers_are_theirs_in_the_full_prediction(customer_days):
    """predict(customers=...) computes features for those customers alone: the same values as
    the prediction for everyone, including when the earliest customer is left out (the data
    start, which every customer's features use, stays the data's)."""
    model = NextPeriodModel(period_days=180, seed=1, max_iter=30).fit(customer_days, "2011-06-01")
    full = model.predict().set_index("customer_id")
    first = customer_days.sort_values("order_date")["customer_id"].iloc[0]
    chosen = [c for c in full.index[::7] if c != first]
    part = model.predict(customers=chosen).set_index("customer_id")
    assert sorted(part.index) == sorted(chosen)
    pd.testing.assert_frame_equal(part, full.loc[part.index])


def test_next_period_model_needs_history(tiny_days):
    with pytest.raises(ValueError, match="needs history longer than the 365-day period"):
        NextPeriodModel(period_days=365).fit(tiny_days, "2011-03-01")
    with pytest.raises(ValueError, match="period_days must be positive"):
        NextPeriodModel(period_days=0).fit(tiny_days, "2011-03-01")
    with pytest.raises(ValueError, match="not fitted"):
        NextPeriodModel().predict()
