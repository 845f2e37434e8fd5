"""Tests for customer_value.clv.summary."""

from __future__ import annotations

import decimal
import logging

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import calibration_holdout_split, prepare_customer_days, rfm_summary


def test_rfm_summary_hand_computed(tiny_days):
    s = rfm_summary(tiny_days, "2011-03-01", time_unit="days").set_index("customer_id")
    assert list(s.index) == ["a", "b", "c"]
    assert_allclose(s["frequency"], [2, 0, 1])
    assert_allclose(s["recency"], [21, 0, 4])
    assert_allclose(s["T"], [59, 45, 28])
    # mean of the repeat days only: (20 + 40) / 2; 0 without repeat days; 9
    assert_allclose(s["monetary_value"], [30.0, 0.0, 9.0])
    assert s.attrs["time_unit"] == "days"


@pytest.mark.parametrize(("unit", "days"), [("days", 1.0), ("weeks", 7.0), ("months", 30.4375)])
def test_time_units(tiny_days, unit, days):
    s = rfm_summary(tiny_days, "2011-03-01", time_unit=unit).set_index("customer_id")
    assert_allclose(s.loc["a", ["recency", "T"]].to_numpy(float), np.array([21, 59]) / days)


def test_decimal_revenue_and_dates_accepted(tiny_days):
    df = tiny_days.assign(
        net_revenue=[decimal.Decimal(str(v)) for v in tiny_days["net_revenue"]],
        order_date=tiny_days["order_date"].dt.date,
    )
    s = rfm_summary(df, pd.Timestamp("2011-03-01").date())
    assert s["monetary_value"].dtype == np.float64
    assert_allclose(s["monetary_value"], [30.0, 0.0, 9.0])


def test_same_day_rows_are_merged(tiny_days):
    extra = pd.DataFrame(
        {
            "customer_id": ["a"],
            "order_date": [pd.Timestamp("2011-01-08 15:30")],
            "net_revenue": [5.0],
        }
    )
    s = rfm_summary(pd.concat([tiny_days, extra]), "2011-03-01").set_index("customer_id")
    assert s.loc["a", "frequency"] == 2
    assert_allclose(s.loc["a", "monetary_value"], (25.0 + 40.0) / 2)


def test_rows_after_observation_end_dropped_with_count(tiny_days, caplog):
    with caplog.at_level(logging.WARNING):
        s = rfm_summary(tiny_days, "2011-01-20", time_unit="days")
    assert s.attrs["rows_dropped_after_end"] == 3
    assert "dropping 3 customer-day rows" in caplog.text
    assert list(s["customer_id"]) == ["a", "b"]


@pytest.mark.parametrize("column", ["customer_id", "order_date", "net_revenue"])
def test_missing_column(tiny_days, column):
    with pytest.raises(ValueError, match=f"missing required column.*{column}"):
        rfm_summary(tiny_days.drop(columns=column), "2011-03-01")


@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_non_positive_spend_rejected(tiny_days, bad):
    tiny_days.loc[1, "net_revenue"] = bad
    with pytest.raises(ValueError, match="net_revenue must be strictly positive; found 1 row"):
        rfm_summary(tiny_days, "2011-03-01")


def test_null_and_non_numeric_inputs_rejected(tiny_days):
    with pytest.raises(ValueError, match="net_revenue contains null"):
        rfm_summary(tiny_days.assign(net_revenue=[1, 2, None, 4, 5, 6]), "2011-03-01")
    with pytest.raises(ValueError, match="net_revenue must be numeric"):
        rfm_summary(tiny_days.assign(net_revenue=list("abcdef")), "2011-03-01")
    with pytest.raises(ValueError, match="order_date could not be parsed"):
        rfm_summary(tiny_days.assign(order_date=["x"] * 6), "2011-03-01")
    with pytest.raises(ValueError, match="customer_id contains null"):
        rfm_summary(tiny_days.assign(customer_id=[None, "a", "a", "b", "c", "c"]), "2011-03-01")
    with pytest.raises(ValueError, match="time_unit must be one of"):
        rfm_summary(tiny_days, "2011-03-01", time_unit="fortnights")
    with pytest.raises(ValueError, match="observation_end must be a date"):
        rfm_summary(tiny_days, "not a date")


def test_calibration_holdout_split(tiny_days):
    s = calibration_holdout_split(tiny_days, "2011-01-10", "2011-03-01", time_unit="days")
    s = s.set_index("customer_id")
    # only customer a is seen by the calibration end
    assert list(s.index) == ["a"]
    assert s.loc["a", "frequency"] == 1
    assert_allclose(s.loc["a", ["recency", "T", "monetary_value"]].to_numpy(float), [7, 9, 20])
    assert s.loc["a", "holdout_purchases"] == 1
    assert_allclose(s.loc["a", "holdout_spend"], 40.0)
    assert_allclose(s.loc["a", "holdout_duration"], 50.0)


def test_calibration_end_must_precede_observation_end(tiny_days):
    with pytest.raises(ValueError, match="calibration_end .* must be before observation_end"):
        rfm_summary(tiny_days, "2011-03-01", calibration_end="2011-03-01")


def test_prepare_rejects_non_dataframe():
    with pytest.raises(ValueError, match="must be a pandas DataFrame"):
        prepare_customer_days([1, 2], "2011-01-01")


def test_summary_on_generator_output(customer_days):
    s = rfm_summary(customer_days, "2011-12-09")
    assert s["customer_id"].is_unique
    assert (s["recency"] <= s["T"]).all()
    assert ((s["frequency"] == 0) == (s["monetary_value"] == 0)).all()
    n_days = customer_days.groupby("customer_id").size()
    assert_allclose(s.set_index("customer_id")["frequency"], n_days.reindex(s["customer_id"]) - 1)


def test_a_prepared_frame_is_cut_not_prepared_again(customer_days, full_preparations, caplog):
    """Preparing an already prepared frame gives what the full preparation gives (rows, types,
    attrs, the warning for dropped rows) without merging and sorting it again; a frame out of
    that form (shuffled, a repeated day, a time of day) is prepared in full."""
    from customer_value.clv import summary

    prepared = prepare_customer_days(customer_days, "2011-12-09")
    expected = {
        end: summary._validated(prepared, pd.Timestamp(end)) for end in ("2011-12-09", "2011-06-12")
    }
    full_preparations.clear()
    for end, want in expected.items():
        with caplog.at_level(logging.WARNING):
            got = prepare_customer_days(prepared, end)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs
    assert "dropping" in caplog.text and got.attrs["rows_dropped_after_end"] > 0
    assert full_preparations == []

    repeated = pd.concat([prepared, prepared.tail(1)], ignore_index=True)
    timed = prepared.assign(order_date=prepared["order_date"] + pd.Timedelta(hours=3))
    for changed in (prepared.sample(frac=1.0, random_state=1), repeated, timed):
        full_preparations.clear()
        got = prepare_customer_days(changed, "2011-12-09")
        assert full_preparations == [1]
        assert len(got) == len(prepared)
    # each was prepared, not passed through: the repeated day is summed into one row
    last = prepared.iloc[-1]
    merged = prepare_customer_days(repeated, "2011-12-09")
    assert merged["net_revenue"].iloc[-1] == 2 * last["net_revenue"]
    pd.testing.assert_frame_equal(prepare_customer_days(timed, "2011-12-09"), prepared)
