"""Hardening (issue #9): hostile and careless input, re-runs and interruptions. Every case ends
in a build that reads the data right, a quarantined row with its reason, or one message that
names the file, column or setting at fault and what to do.

Here: too little or too uniform data ends in a message that says what to do, through dbt and
from the package's functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from customer_value.clustering import search_k
from customer_value.clv import (
    BetaGeoModel,
    ConvergenceError,
    holdout_predictions,
    predict_customer_value,
    rfm_summary,
)
from customer_value.synthetic import simulate_customer_purchases
from hand_written_raw import HEADER, UK, build, write_csv


def test_one_customer_through_dbt_names_what_to_do(tmp_path):
    """What the user sees when a Python model raises: the model, then the package's message."""
    path = write_csv(
        tmp_path / "one_customer.csv",
        HEADER,
        [
            f"489434,85048,LIGHT,12,2010-01-04 07:45:00,6.95,13085,{UK}",
            f"489500,85048,LIGHT,5,2010-05-04 07:45:00,6.95,13085,{UK}",
            f"489600,22633,HAND WARMER,5,2010-11-04 07:45:00,1.85,13085,{UK}",
        ],
    )
    result, _ = build(
        [
            "build",
            "--select",
            "+cluster_k_candidates",
            "+customer_clv_predictions",
            "+clv_holdout_predictions",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        tmp_path,
        path,
        holdout_days=30,
    )
    assert result.returncode != 0
    output = result.output
    assert "Failure in model cluster_k_candidates" in output
    assert (
        "ValueError: rfm has a single customer: clustering needs at least 2 customers"
        " (K-Means at least k_min distinct ones); use more data"
    ) in output
    # each window's models are fitted once, in the fits models the predictions read
    assert "Failure in model clv_observation_fits" in output
    assert (
        "ValueError: CLV models need at least 2 customers with a sale on or before the"
        " observation end; got 1: use more data"
    ) in output
    assert "Failure in model clv_calibration_fits" in output
    assert (
        "got 1: the data has 1 customer in all, so lowering holdout_days cannot help: use more data"
    ) in output


def _rfm(n, recency, frequency, monetary):
    return pd.DataFrame(
        {
            "customer_id": [f"{i:05d}" for i in range(n)],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
        }
    )


def _customer_days(customers):
    """Customer-day rows: ``customers`` is {customer_id: [(date, net revenue), ...]}."""
    return pd.DataFrame(
        [(cid, pd.Timestamp(day), value) for cid, days in customers.items() for day, value in days],
        columns=["customer_id", "order_date", "net_revenue"],
    )


OBSERVATION_END = "2011-12-09"


def test_one_customer_clustering_message():
    with pytest.raises(ValueError, match=r"single customer.*use more data"):
        search_k(_rfm(1, 10, 2, 50.0), k_min=3, k_max=8)


def test_fewer_distinct_customers_than_k_min_names_the_config():
    rfm = _rfm(6, [1, 1, 5, 5, 9, 9], [1, 1, 2, 2, 3, 3], [10.0, 10.0, 20.0, 20.0, 30.0, 30.0])
    with pytest.raises(
        ValueError,
        match=r"K-Means needs at least k_min=4 distinct customers .*; got 3 among 6 customers: "
        r"lower k_min \(dbt config cluster_k_min\) or use more data",
    ):
        search_k(rfm, k_min=4, k_max=8)
    with pytest.raises(ValueError, match=r"lower k_max \(dbt config cluster_k_max\)"):
        search_k(rfm, k_min=2, k_max=8)


def test_all_customers_identical():
    with pytest.raises(ValueError, match=r"all 40 customers have the same recency, frequency"):
        search_k(_rfm(40, 12, 3, 99.0), k_min=3, k_max=8)
    days = _customer_days(
        {f"{i:03d}": [("2010-03-01", 20.0), ("2010-06-01", 20.0)] for i in range(40)}
    )
    with pytest.raises(ValueError, match=r"all 40 customers have the same frequency, recency"):
        predict_customer_value(days, OBSERVATION_END)


def test_every_customer_a_one_time_buyer():
    days = _customer_days(
        {
            f"{i:03d}": [(pd.Timestamp("2010-01-01") + pd.Timedelta(weeks=i), 10.0 + i)]
            for i in range(40)
        }
    )
    with pytest.raises(
        ValueError, match=r"no customer has a repeat purchase.*use a longer period of data"
    ):
        predict_customer_value(days, OBSERVATION_END)
    # clustering still works: frequency is constant and simply carries no weight
    rfm = _rfm(40, np.arange(40) * 7, 1, 10.0 + np.arange(40))
    assert search_k(rfm, k_min=3, k_max=8)["is_chosen"].sum() == 1
    # the holdout validation keeps its documented fallback: NaN predictions and a warning
    with pytest.warns(RuntimeWarning, match="bgnbd_gamma_gamma not fitted"):
        table = holdout_predictions(days, OBSERVATION_END, holdout_days=180)
    assert table.loc[table["model"] == "bgnbd_gamma_gamma", "predicted_purchases"].isna().all()


def test_horizon_longer_than_the_data_is_a_documented_fallback():
    """Simulated customer days over two years; a 36-month horizon leaves the ML columns null with a
    warning, the BG/NBD + Gamma-Gamma columns are computed."""
    with pytest.warns(RuntimeWarning, match=r"ML columns left NaN.*longer than the 36-month"):
        table = predict_customer_value(
            simulate_customer_purchases(500, seed=7), OBSERVATION_END, horizon_months=36
        )
    assert table["ml_predicted_spend"].isna().all()
    assert np.isfinite(table["predicted_clv"]).all()


def test_non_convergence_says_what_helps():
    summary = rfm_summary(
        _customer_days(
            {
                "a": [("2011-01-01", 10.0), ("2011-03-01", 10.0)],
                "b": [("2011-02-01", 10.0)],
                "c": [("2011-01-15", 5.0), ("2011-02-15", 5.0), ("2011-06-01", 5.0)],
            }
        ),
        OBSERVATION_END,
    )
    with pytest.raises(ConvergenceError, match=r"var clv_penalizer, e.g. 0.01\) or more data"):
        BetaGeoModel(maxiter=1).fit(summary)
