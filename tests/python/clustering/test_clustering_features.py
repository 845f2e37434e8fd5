"""The RFM features K-Means works on: log1p, standardised, decimal-safe."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from customer_value.clustering import (
    assign_clusters,
    prepare_features,
)


def test_features_are_standardised_log1p(realistic):
    features = prepare_features(realistic)
    assert_allclose(features.z.mean(axis=0), 0, atol=1e-12)
    assert_allclose(features.z.std(axis=0), 1, atol=1e-12)
    # Round trip back to original units.
    assert_allclose(features.to_original_units(features.z), features.raw, rtol=1e-9)
    assert list(features.customer_id) == sorted(realistic["customer_id"])


def test_constant_feature_does_not_divide_by_zero():
    rfm = pd.DataFrame(
        {
            "customer_id": list("abcd"),
            "recency_days": [1, 2, 300, 400],
            "frequency": 1,
            "monetary": [10.0, 12.0, 500.0, 600.0],
        }
    )
    features = prepare_features(rfm)
    assert np.isfinite(features.z).all()
    assert_allclose(features.z[:, 1], 0)


def test_decimal_monetary_gives_same_result_as_float(realistic):
    as_decimal = realistic.assign(
        monetary=realistic["monetary"].map(lambda v: decimal.Decimal(f"{v:.2f}"))
    )
    pd.testing.assert_frame_equal(assign_clusters(as_decimal, 3), assign_clusters(realistic, 3))
