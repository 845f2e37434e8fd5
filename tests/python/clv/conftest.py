"""Shared fixtures for the CLV tests: small simulated customer-day tables."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_value.synthetic import simulate_customer_purchases

OBSERVATION_END = "2011-12-09"


@pytest.fixture(scope="session")
def customer_days() -> pd.DataFrame:
    """3,000 simulated customers over the Online Retail II period (generator defaults)."""
    return simulate_customer_purchases(3000, seed=7)


@pytest.fixture
def tiny_days() -> pd.DataFrame:
    """Three customers with hand-checkable histories."""
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c"],
            "order_date": pd.to_datetime(
                ["2011-01-01", "2011-01-08", "2011-01-22", "2011-01-15", "2011-02-01", "2011-02-05"]
            ),
            "net_revenue": [10.0, 20.0, 40.0, 5.0, 7.0, 9.0],
        }
    )
