"""Tests for customer_value.clv.history: left-truncation detection and the left-censored
re-expression of burn-in customers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import detect_left_truncation, fit_clv_models, left_censor, rfm_summary
from customer_value.clv.history import LEFT_CENSORED, OBSERVED


def _days(first_days: list[str], extra: dict[str, list[str]] | None = None) -> pd.DataFrame:
    rows = [(f"c{i}", day, 10.0) for i, day in enumerate(first_days)]
    for customer, days in (extra or {}).items():
        rows += [(customer, day, 20.0) for day in days]
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "net_revenue"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def _acquisitions(first_month: int, later: int, months: int = 8) -> list[str]:
    days = [f"2010-01-{1 + i % 28:02d}" for i in range(first_month)]
    for m in range(2, months + 1):
        days += [f"2010-{m:02d}-{1 + i % 28:02d}" for i in range(later)]
    return days


def test_detects_a_crowded_first_month():
    check = detect_left_truncation(_days(_acquisitions(first_month=90, later=30)))
    assert check.is_left_truncated
    assert check.burn_in_months == 1
    assert check.burn_in_end == pd.Timestamp("2010-01-31")
    assert check.first_month_customers == 90 and check.median_monthly_customers == 30
    assert "left-truncated" in check.describe()


def test_steady_acquisition_is_not_truncated():
    check = detect_left_truncation(_days(_acquisitions(first_month=40, later=30)))
    assert not check.is_left_truncated and check.burn_in_end is None
    short = detect_left_truncation(_days(_acquisitions(first_month=90, later=30, months=3)))
    assert not short.is_left_truncated  # too few later months to compare with


def test_left_censored_customers_are_re_expressed_from_the_data_start():
    """c0 first seen 2010-01-10 (burn-in) and again 2010-03-01: 2 purchase days, both counted,
    recency and T from the data start 2010-01-01; a later customer is unchanged."""
    days = _days(_acquisitions(first_month=90, later=30), {"c10": ["2010-03-01"]})
    end = pd.Timestamp("2010-08-31")
    summary = rfm_summary(days, end, time_unit="days")
    check = detect_left_truncation(days)
    out = left_censor(summary, days, check, unit_days=1.0).set_index("customer_id")
    row = out.loc["c10"]
    assert row["history_treatment"] == LEFT_CENSORED
    assert row["frequency"] == 2
    assert_allclose([row["recency"], row["T"]], [59.0, 242.0])
    assert_allclose(row["monetary_value"], 15.0)
    later = summary.set_index("customer_id").loc["c100"]
    assert out.loc["c100", "history_treatment"] == OBSERVED
    assert out.loc["c100", "frequency"] == later["frequency"]
    assert out.loc["c100", "T"] == later["T"]
    assert (out["history_treatment"] == LEFT_CENSORED).sum() == 90


def test_fit_says_who_was_fitted_how(customer_days):
    """Simulated acquisition is spread out: nobody is left-censored; a crowded first month
    added to it is detected, and 'ignore' turns the handling off."""
    plain = fit_clv_models(customer_days, "2011-12-09")
    assert not plain.truncation.is_left_truncated
    assert (plain.summary["history_treatment"] == OBSERVED).all()
    start = pd.to_datetime(customer_days["order_date"]).min()
    old = pd.DataFrame(
        {
            "customer_id": [f"old{i}" for i in range(2000)],
            "order_date": start + pd.to_timedelta(np.arange(2000) % 28, unit="D"),
            "net_revenue": 30.0,
        }
    )
    crowded = pd.concat([customer_days, old], ignore_index=True)
    fitted = fit_clv_models(crowded, "2011-12-09")
    assert fitted.truncation.is_left_truncated
    assert (fitted.summary["history_treatment"] == LEFT_CENSORED).sum() >= 2000
    ignored = fit_clv_models(crowded, "2011-12-09", left_truncation="ignore")
    assert not ignored.truncation.is_left_truncated
    with pytest.raises(ValueError, match="left_truncation must be one of"):
        fit_clv_models(crowded, "2011-12-09", left_truncation="drop")
