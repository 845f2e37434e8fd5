"""Assigning customers to clusters: ids, order, centroids, stability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clustering import (
    assign_clusters,
    cluster_centroids,
    fit_clusters,
    prepare_features,
)


def test_assignments_shape_and_ids(realistic):
    assigned = assign_clusters(realistic, 4)
    assert list(assigned.columns) == ["customer_id", "cluster_id", "cluster_name"]
    assert len(assigned) == len(realistic)
    assert assigned["customer_id"].is_unique
    assert set(assigned["cluster_id"]) == {0, 1, 2, 3}
    assert assigned.groupby("cluster_id")["cluster_name"].nunique().eq(1).all()
    assert assigned["cluster_name"].nunique() == 4


def test_cluster_ids_ordered_by_centroid_monetary(realistic):
    centroids = fit_clusters(realistic, 4).centroids
    assert list(centroids["cluster_id"]) == [0, 1, 2, 3]
    assert centroids["monetary"].is_monotonic_decreasing
    assert centroids["customers"].sum() == len(realistic)
    assert centroids["cluster_name"].is_unique


def test_centroids_are_the_members_means(realistic):
    """Each centroid is expm1 of its members' mean log1p features (not K-Means' own centers,
    which stop within its tolerance of them)."""
    fit = fit_clusters(realistic, 4)
    features = prepare_features(realistic)
    members = fit.assignments.set_index("customer_id").loc[features.customer_id, "cluster_id"]
    means = pd.DataFrame(np.log1p(features.raw)).groupby(members.to_numpy()).mean()
    assert_allclose(
        fit.centroids[["recency_days", "frequency", "monetary"]].to_numpy(),
        np.expm1(means.to_numpy()),
        rtol=1e-10,
    )
    assert list(fit.centroids["customers"]) == list(members.value_counts().sort_index())


def test_centroid_table_from_the_assignments_alone(realistic):
    """Model cluster_centroids reads customer_clusters instead of fitting K-Means again: the
    same table, bit for bit, whatever the row order of either input."""
    fit = fit_clusters(realistic, 4)
    shuffled = fit.assignments.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(cluster_centroids(realistic, shuffled), fit.centroids)
    rfm_shuffled = realistic.sample(frac=1, random_state=5)
    pd.testing.assert_frame_equal(cluster_centroids(rfm_shuffled, fit.assignments), fit.centroids)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.iloc[1:], "must hold each of the"),
        (lambda a: a.drop(columns="cluster_name"), "missing column"),
        # two clusters' ids swapped: no longer in value order
        (
            lambda a: a.assign(cluster_id=a["cluster_id"].replace({0: 1, 1: 0})),
            "not a clustering of this RFM table",
        ),
        # a name that is not the rules' name of its centroid
        (
            lambda a: a.assign(cluster_name=a["cluster_name"].where(a["cluster_id"] != 2, "VIP")),
            "not a clustering of this RFM table",
        ),
    ],
)
def test_centroid_table_rejects_assignments_of_another_clustering(realistic, change, message):
    assignments = fit_clusters(realistic, 4).assignments
    with pytest.raises(ValueError, match=message):
        cluster_centroids(realistic, change(assignments))


def test_labels_stable_across_runs_and_row_order(realistic):
    first = assign_clusters(realistic, 4)
    pd.testing.assert_frame_equal(first, assign_clusters(realistic, 4))
    shuffled_input = realistic.sample(frac=1, random_state=11).reset_index(drop=True)
    pd.testing.assert_frame_equal(first, assign_clusters(shuffled_input, 4))
