"""The one-pass silhouette of the k search agrees with scikit-learn's silhouette_score."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import silhouette_score

from customer_value.clustering import silhouette
from customer_value.clustering.silhouette import mean_silhouettes


def test_matches_scikit_learn_for_several_labelings_at_once(monkeypatch):
    # blocks smaller than n, so the row-block loop and its diagonal are exercised
    monkeypatch.setattr(silhouette, "ROWS_PER_BLOCK", 37)
    rng = np.random.default_rng(7)
    z = np.vstack([rng.normal(c, 0.5, size=(60, 3)) for c in (0.0, 2.0, 5.0)])
    labelings = [
        np.repeat([0, 1, 2], 60),
        rng.integers(0, 4, size=len(z)),
        np.where(np.arange(len(z)) == 0, 9, 1),  # a singleton cluster: its silhouette is 0
    ]
    expected = [silhouette_score(z, labels) for labels in labelings]
    assert_allclose(mean_silhouettes(z, labelings), expected, rtol=0, atol=1e-12)


def test_needs_two_to_n_minus_one_clusters():
    z = np.arange(8.0).reshape(4, 2)
    with pytest.raises(ValueError, match="needs 2 to n - 1 = 3 clusters; got 1"):
        mean_silhouettes(z, [np.zeros(4)])
    with pytest.raises(ValueError, match=r"labels must have shape \(4,\)"):
        mean_silhouettes(z, [np.zeros(3)])
