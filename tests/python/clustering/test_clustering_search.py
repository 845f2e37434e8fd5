"""Choosing k: the search's recovery, determinism and ties, and the NumPy K-Means against
scikit-learn's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import adjusted_rand_score

from customer_value.clustering import (
    assign_clusters,
    chosen_k,
    prepare_features,
    search_k,
)


def test_search_k_recovers_three_blobs(three_blobs):
    rfm, truth = three_blobs
    table = search_k(rfm, k_min=2, k_max=6)
    assert list(table.columns) == ["k", "inertia", "silhouette", "is_chosen"]
    assert list(table["k"]) == [2, 3, 4, 5, 6]
    assert table["is_chosen"].sum() == 1
    assert chosen_k(table) == 3
    # Inertia falls as k grows (elbow curve).
    assert (np.diff(table["inertia"]) < 0).all()

    assigned = assign_clusters(rfm, 3).set_index("customer_id").loc[rfm["customer_id"]]
    assert adjusted_rand_score(truth, assigned["cluster_id"]) > 0.95


def test_search_k_is_deterministic_and_row_order_free(realistic):
    first = search_k(realistic, k_max=5, sample_size=500)
    again = search_k(realistic, k_max=5, sample_size=500)
    shuffled = search_k(realistic.sample(frac=1, random_state=7), k_max=5, sample_size=500)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, shuffled)


def test_search_k_ties_go_to_smallest_k(monkeypatch, three_blobs):
    import customer_value.clustering.search as search

    monkeypatch.setattr(search, "mean_silhouettes", lambda z, labelings: [0.5] * len(labelings))
    table = search.search_k(three_blobs[0], k_min=2, k_max=4)
    assert chosen_k(table) == 2


def test_search_kmeans_matches_scikit_learn_on_separated_blobs(three_blobs):
    from customer_value.clustering.kmeans import fit_kmeans
    from customer_value.clustering.search_kmeans import search_kmeans

    z = prepare_features(three_blobs[0]).z
    fit = search_kmeans(z, 3, seed=1)
    reference = fit_kmeans(z, 3, seed=1)
    assert adjusted_rand_score(fit.labels, reference.labels_) == 1.0
    assert_allclose(fit.inertia, reference.inertia_, rtol=1e-9)
    assert_allclose(fit.inertia_of(z), fit.inertia, rtol=1e-12)
    again = search_kmeans(z, 3, seed=1)
    assert (again.labels == fit.labels).all() and again.inertia == fit.inertia


def test_search_kmeans_is_as_good_as_scikit_learn_on_overlapping_data(realistic):
    from customer_value.clustering.kmeans import fit_kmeans
    from customer_value.clustering.search_kmeans import search_kmeans

    z = prepare_features(realistic).z
    for k in (3, 5, 8):
        fit = search_kmeans(z, k, seed=42)
        assert len(np.unique(fit.labels)) == k
        # four restarts against scikit-learn's ten: within 2% of its inertia
        assert fit.inertia <= 1.02 * fit_kmeans(z, k, seed=42).inertia_


def test_search_kmeans_refills_an_empty_cluster():
    from customer_value.clustering.search_kmeans import search_kmeans

    # 5 distinct points, 5 clusters: any seeding that doubles up leaves a cluster empty
    points = np.array([[0.0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [5, 5, 5]])
    fit = search_kmeans(np.repeat(points, 3, axis=0), 5, seed=0, n_init=8)
    assert len(np.unique(fit.labels)) == 5
    assert fit.inertia == pytest.approx(0.0, abs=1e-12)
