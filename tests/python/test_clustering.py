"""Tests for customer_value.clustering: recovery, stability, naming, Ward agreement, errors."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import adjusted_rand_score

from customer_value.clustering import (
    assign_clusters,
    chosen_k,
    cluster_centroids,
    compare_with_ward,
    fit_clusters,
    name_clusters,
    prepare_features,
    search_k,
)
from customer_value.clustering.naming import (
    AT_RISK,
    LAPSED,
    LOYAL,
    MASS,
    NEW,
    VIP,
)

# Group centres in original units: (recency_days, frequency, monetary).
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


@pytest.fixture(scope="module")
def three_blobs():
    return make_blobs([VIP_CENTRE, MASS_CENTRE, LAPSED_CENTRE], [150, 300, 150])


@pytest.fixture(scope="module")
def five_groups():
    # Mass is the majority, so population medians sit inside it.
    centres = [VIP_CENTRE, AT_RISK_CENTRE, MASS_CENTRE, NEW_CENTRE, LAPSED_CENTRE]
    return make_blobs(centres, [100, 100, 500, 100, 100], seed=3)


@pytest.fixture(scope="module")
def realistic():
    return make_realistic()


# --------------------------------------------------------------------------- features


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


# --------------------------------------------------------------------------- search_k


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


# --------------------------------------------------------------------------- assign_clusters


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


# --------------------------------------------------------------------------- Ward


def test_ward_agrees_on_well_separated_blobs(three_blobs):
    assert compare_with_ward(three_blobs[0], 3) > 0.95


def test_ward_uses_a_sample_and_is_deterministic(realistic):
    first = compare_with_ward(realistic, 3, sample_size=400)
    assert -1.0 <= first <= 1.0
    assert first == compare_with_ward(realistic.iloc[::-1], 3, sample_size=400)


# --------------------------------------------------------------------------- input errors


def small_rfm():
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "recency_days": [1, 5, 200, 300],
            "frequency": [10, 8, 1, 2],
            "monetary": [1000.0, 800.0, 20.0, 40.0],
        }
    )


ALL_FUNCTIONS = [
    lambda rfm: search_k(rfm, k_max=2, sample_size=10),
    lambda rfm: assign_clusters(rfm, 2),
    lambda rfm: compare_with_ward(rfm, 2),
]


@pytest.mark.parametrize("call", ALL_FUNCTIONS)
@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda df: df.drop(columns="monetary"), "missing required column.*'monetary'"),
        (lambda df: df.drop(columns="customer_id"), "missing required column.*'customer_id'"),
        (lambda df: df.iloc[:0], "rfm is empty"),
        (lambda df: df.iloc[:1], "single customer"),
        (lambda df: df.assign(monetary=[1000.0, 0.0, 20.0, 40.0]), "'monetary'.*non-positive"),
        (lambda df: df.assign(monetary=[1000.0, -5.0, 20.0, 40.0]), "'monetary'.*non-positive"),
        (lambda df: df.assign(recency_days=[1, -1, 200, 300]), "'recency_days'.*negative"),
        (lambda df: df.assign(frequency=[10, 0, 1, 2]), "'frequency'.*below 1"),
        (lambda df: df.assign(monetary=[1000.0, None, 20.0, 40.0]), "'monetary' has 1 missing"),
        (lambda df: df.assign(monetary=[1000.0, np.inf, 20.0, 40.0]), "'monetary'.*non-finite"),
        (lambda df: df.assign(frequency=["x", "y", "z", "w"]), "'frequency' must be numeric"),
        (lambda df: df.assign(customer_id=["a", "a", "c", "d"]), "'customer_id' has 1 dup"),
        (lambda df: df.assign(customer_id=["a", None, "c", "d"]), "'customer_id' has missing"),
    ],
)
def test_invalid_rfm_raises(call, mutate, message):
    with pytest.raises(ValueError, match=message):
        call(mutate(small_rfm()))


@pytest.mark.parametrize("call", ALL_FUNCTIONS)
def test_non_dataframe_raises(call):
    with pytest.raises(TypeError, match="rfm must be a pandas DataFrame"):
        call(small_rfm().to_dict())


def test_k_larger_than_distinct_customers_raises():
    rfm = small_rfm()
    rfm.loc[1, ["recency_days", "frequency", "monetary"]] = rfm.loc[
        0, ["recency_days", "frequency", "monetary"]
    ]
    with pytest.raises(ValueError, match=r"k=4 exceeds the number of distinct customers \(3"):
        assign_clusters(rfm, 4)
    with pytest.raises(ValueError, match=r"k=4 exceeds the number of distinct customers"):
        compare_with_ward(rfm, 4)
    with pytest.raises(ValueError, match=r"k_max=4 exceeds the number of distinct customers"):
        search_k(rfm, k_min=2, k_max=4, sample_size=10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k_min": 1}, r"k_min must be an integer >= 2, got 1"),
        ({"k_min": 4, "k_max": 3}, r"k_min \(4\) must be <= k_max \(3\)"),
        ({"k_max": 2.5}, r"k_max must be an integer >= 2"),
        ({"k_max": 3, "sample_size": 3}, r"sample_size \(3\) must be greater than k_max \(3\)"),
        ({"k_max": 3, "seed": -1}, r"seed must be an integer >= 0"),
    ],
)
def test_search_k_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        search_k(small_rfm(), **kwargs)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda rfm: assign_clusters(rfm, 1), r"k must be an integer >= 2, got 1"),
        (lambda rfm: assign_clusters(rfm, True), r"k must be an integer >= 2, got True"),
        (lambda rfm: fit_clusters(rfm, 2, seed="x"), r"seed must be an integer >= 0"),
        (lambda rfm: compare_with_ward(rfm, 1), r"k must be an integer >= 2"),
        (lambda rfm: compare_with_ward(rfm, 3, sample_size=2), r"sample_size \(2\) must be >= k"),
    ],
)
def test_k_argument_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call(small_rfm())


def test_chosen_k_needs_exactly_one_chosen_row():
    table = pd.DataFrame({"k": [3, 4], "is_chosen": [False, False]})
    with pytest.raises(ValueError, match="exactly one k as chosen; found 0"):
        chosen_k(table)


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


def test_ward_reads_the_assignments_instead_of_refitting(realistic):
    fitted = compare_with_ward(realistic, 3, sample_size=400)
    assignments = assign_clusters(realistic, 3)
    assert compare_with_ward(realistic, 3, sample_size=400, assignments=assignments) == fitted
    # cluster numbering does not matter to the index
    renumbered = assignments.assign(cluster_id=(assignments["cluster_id"] + 1) % 3)
    assert compare_with_ward(realistic, 3, sample_size=400, assignments=renumbered) == fitted


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.iloc[1:], r"one row per customer of rfm"),
        (lambda a: pd.concat([a, a.iloc[:1]]), r"one row per customer of rfm"),
        (lambda a: a.assign(customer_id=a["customer_id"].astype(str) + "x"), r"lacks \d+ customer"),
        (lambda a: a.assign(cluster_id=a["cluster_id"] % 2), r"has 2 clusters; expected k=3"),
        (lambda a: a.drop(columns="cluster_id"), r"missing column\(s\): 'cluster_id'"),
    ],
)
def test_ward_rejects_assignments_that_do_not_fit_rfm(realistic, change, message):
    assignments = change(assign_clusters(realistic, 3))
    with pytest.raises(ValueError, match=message):
        compare_with_ward(realistic, 3, sample_size=400, assignments=assignments)


# --------------------------------------------------------------------------- search K-Means


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
