"""Generated RFM tables for the clustering tests: blobs around known group centres, a
realistic table without clear clusters, and a four-customer table for input errors."""

from __future__ import annotations

import numpy as np
import pandas as pd

VIP_CENTRE = (5, 20, 5000.0)
AT_RISK_CENTRE = (250, 15, 3000.0)
MASS_CENTRE = (60, 3, 400.0)
NEW_CENTRE = (5, 1, 80.0)
LAPSED_CENTRE = (400, 1, 40.0)


def make_blobs(centres, sizes, noise=0.12, seed=0):
    """Customers scattered around ``centres`` in log1p space; returns (rfm, true labels)."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for label, (centre, size) in enumerate(zip(centres, sizes, strict=True)):
        logs = np.log1p(np.asarray(centre, dtype=float)) + rng.normal(0, noise, (size, 3))
        values = np.expm1(logs)
        rows.append(
            np.column_stack(
                [
                    np.maximum(np.round(values[:, 0]), 0),
                    np.maximum(np.round(values[:, 1]), 1),
                    np.round(values[:, 2], 2),
                ]
            )
        )
        truth.append(np.full(size, label))
    values = np.vstack(rows)
    n = len(values)
    rfm = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "recency_days": values[:, 0].astype(int),
            "frequency": values[:, 1].astype(int),
            "monetary": values[:, 2],
            "rfm_segment": "ignored",
        }
    )
    return rfm, np.concatenate(truth)


def make_realistic(n=1500, seed=1):
    """Lognormal-ish RFM without clear cluster structure."""
    rng = np.random.default_rng(seed)
    frequency = 1 + rng.negative_binomial(0.6, 0.15, n)
    monetary = np.round(frequency * rng.lognormal(np.log(300), 0.9, n), 2)
    recency = np.minimum(373, rng.exponential(150 / np.sqrt(frequency), n)).astype(int)
    return pd.DataFrame(
        {
            "customer_id": [f"R{i:05d}" for i in range(n)],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
        }
    )


def small_rfm():
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "recency_days": [1, 5, 200, 300],
            "frequency": [10, 8, 1, 2],
            "monetary": [1000.0, 800.0, 20.0, 40.0],
        }
    )
