"""Naming the clusters from their centroids (VIP, Loyal, At Risk, ...)."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from customer_value.clustering import (
    fit_clusters,
    name_clusters,
)
from customer_value.clustering.naming import (
    AT_RISK,
    LAPSED,
    LOYAL,
    MASS,
    NEW,
    VIP,
)


def test_names_from_constructed_groups(five_groups):
    rfm, truth = five_groups
    fit = fit_clusters(rfm, 5)
    assigned = fit.assignments.set_index("customer_id").loc[rfm["customer_id"]]
    assert adjusted_rand_score(truth, assigned["cluster_id"]) > 0.95
    expected = {0: VIP, 1: AT_RISK, 2: MASS, 3: NEW, 4: LAPSED}
    for label, name in expected.items():
        names = assigned.loc[truth == label, "cluster_name"]
        assert (names == name).all(), (label, names.value_counts())
    # Most valuable centroid first: VIP, At Risk, Mass, New, Lapsed.
    assert list(fit.centroids["cluster_name"]) == [VIP, AT_RISK, MASS, NEW, LAPSED]


@pytest.mark.parametrize(
    ("centroid", "expected"),
    [
        ((10, 10, 3000.0), VIP),
        ((10, 10, 600.0), LOYAL),
        ((200, 12, 500.0), AT_RISK),
        ((200, 2, 5000.0), AT_RISK),
        ((10, 1, 100.0), NEW),
        ((300, 1, 80.0), LAPSED),
        ((50, 3, 500.0), MASS),
        ((70, 1, 100.0), MASS),  # not recent enough for New, not old enough for Lapsed
    ],
)
def test_naming_rules(centroid, expected):
    medians = {"recency_days": 50.0, "frequency": 3.0, "monetary": 500.0}
    centroids = pd.DataFrame([centroid], columns=["recency_days", "frequency", "monetary"])
    assert name_clusters(centroids, medians) == [expected]


def test_duplicate_names_disambiguated_by_spend():
    medians = {"recency_days": 50.0, "frequency": 3.0, "monetary": 500.0}
    two = pd.DataFrame(
        [(50, 3, 400.0), (50, 3, 700.0)], columns=["recency_days", "frequency", "monetary"]
    )
    assert name_clusters(two, medians) == [f"{MASS} (lower spend)", f"{MASS} (higher spend)"]
    three = pd.DataFrame(
        [(50, 3, 400.0), (10, 10, 3000.0), (50, 3, 700.0), (40, 3, 500.0)],
        columns=["recency_days", "frequency", "monetary"],
    )
    assert name_clusters(three, medians) == [
        f"{MASS} (spend tier 3 of 3)",
        VIP,
        f"{MASS} (spend tier 1 of 3)",
        f"{MASS} (spend tier 2 of 3)",
    ]


def test_zero_median_recency_is_floored():
    medians = {"recency_days": 0.0, "frequency": 2.0, "monetary": 100.0}
    centroids = pd.DataFrame(
        [(0.4, 1, 90.0), (30, 1, 50.0)], columns=["recency_days", "frequency", "monetary"]
    )
    assert name_clusters(centroids, medians) == [NEW, LAPSED]


def test_name_clusters_rejects_missing_centroid_column():
    centroids = pd.DataFrame({"recency_days": [1.0], "frequency": [1.0]})
    with pytest.raises(ValueError, match="centroids is missing column.*'monetary'"):
        name_clusters(centroids, {"recency_days": 1, "frequency": 1, "monetary": 1})


def test_vip_only_for_a_small_top_group():
    """Online Retail I at k = 3: two clusters matched the VIP rule and together held 56% of the
    customers. Only the most valuable one may be VIP, and only when it is at most 20%."""
    medians = {"recency_days": 50.0, "frequency": 3.0, "monetary": 500.0}
    columns = ["recency_days", "frequency", "monetary", "customers"]
    centroids = pd.DataFrame(
        [(10, 12, 4000.0, 727), (20, 6, 1200.0, 1686), (150, 1, 200.0, 1900)], columns=columns
    )
    names = name_clusters(centroids, medians)
    assert names[0] == VIP
    assert names[1] == LOYAL
    assert len(set(names)) == 3
    bigger_top = centroids.assign(customers=[1500, 1686, 1227])
    assert VIP not in name_clusters(bigger_top, medians)
    assert not any(name.startswith(VIP) for name in name_clusters(bigger_top, medians))
