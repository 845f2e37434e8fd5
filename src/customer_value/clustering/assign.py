"""Assign every customer to a K-Means cluster with a stable id and a rule-based name."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from customer_value.clustering.features import (
    FEATURE_COLUMNS,
    ID_COLUMN,
    check_int,
    check_k_fits,
    prepare_features,
)
from customer_value.clustering.kmeans import fit_kmeans
from customer_value.clustering.naming import centroid_ratios, name_clusters

ASSIGNMENT_COLUMNS = (ID_COLUMN, "cluster_id", "cluster_name")
CENTROID_COLUMNS = (
    "cluster_id",
    "cluster_name",
    "customers",
    *FEATURE_COLUMNS,
    "recency_ratio",
    "frequency_ratio",
    "monetary_ratio",
)


@dataclass(frozen=True)
class ClusterFit:
    """Result of :func:`fit_clusters`.

    Attributes
    ----------
    assignments : pandas.DataFrame
        One row per customer, sorted by ``customer_id``: ``customer_id``, ``cluster_id``
        (int64), ``cluster_name`` (str).
    centroids : pandas.DataFrame
        One row per cluster, sorted by ``cluster_id``: ``cluster_id``, ``cluster_name``,
        ``customers``, ``recency_days``, ``frequency``, ``monetary`` (centroid in original
        units, i.e. ``expm1`` of the mean ``log1p`` value of the members) and
        ``recency_ratio``, ``frequency_ratio``, ``monetary_ratio`` (centroid / population
        median, the inputs of the naming rules).
    medians : pandas.Series
        Population medians of ``recency_days``, ``frequency``, ``monetary``.
    """

    assignments: pd.DataFrame
    centroids: pd.DataFrame
    medians: pd.Series


def _member_means(z: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each cluster's mean point (NaN for a cluster without members) and member count. The sums
    run over the rows in their order whatever the clusters' numbering, so the same partition of
    the same rows always gives the same means, bit for bit."""
    counts = np.bincount(labels, minlength=k)
    sums = np.column_stack(
        [np.bincount(labels, weights=z[:, j], minlength=k) for j in range(z.shape[1])]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts[:, None], counts


def _named_centroids(features, centers_z: np.ndarray, counts: np.ndarray):
    """The centroid table (ids by value, names, ratios) of these centers, and each center's id."""
    k = len(counts)
    centers = features.to_original_units(centers_z)
    recency, frequency, monetary = centers.T
    order = np.lexsort((np.arange(k), recency, -frequency, -monetary))
    new_id = np.empty(k, dtype=np.int64)
    new_id[order] = np.arange(k)
    centroids = pd.DataFrame(centers[order], columns=list(FEATURE_COLUMNS))
    centroids.insert(0, "cluster_id", np.arange(k, dtype=np.int64))
    centroids.insert(1, "customers", counts[order].astype(np.int64))
    centroids = pd.concat([centroids, centroid_ratios(centroids, features.medians)], axis=1)
    names = name_clusters(centroids, features.medians)
    centroids.insert(1, "cluster_name", pd.Series(names, dtype=object))
    return centroids.loc[:, list(CENTROID_COLUMNS)], new_id


def fit_clusters(rfm: pd.DataFrame, k: int, seed: int = 42) -> ClusterFit:
    """Cluster customers with K-Means, renumber clusters by value and name them.

    Each centroid is the mean of its members' standardised features (K-Means stops once its
    centers move less than its tolerance, up to a few thousandths of a standard deviation from
    those means), so :func:`cluster_centroids` gives the same table from the assignments alone.
    A cluster the final assignment leaves without customers (possible in principle, not seen)
    is dropped, and the others are numbered as below.

    Cluster ids are renumbered so that 0 is the centroid with the highest monetary value in
    original units, then descending (ties by frequency descending, recency ascending, then the
    raw K-Means label). Because rows are sorted by ``customer_id`` before fitting and K-Means is
    seeded, the same input gives the same ids and names whatever its row order.

    Parameters
    ----------
    rfm : pandas.DataFrame
        RFM mart with ``customer_id``, ``recency_days``, ``frequency``, ``monetary``.
    k : int
        Number of clusters, >= 2 and at most the number of distinct customers.
    seed : int, default 42
        K-Means ``random_state``.

    Returns
    -------
    ClusterFit
        Assignments, centroids in original units with their names, and population medians.

    Raises
    ------
    ValueError
        On invalid input (see :func:`prepare_features`), ``k < 2``, or ``k`` larger than the
        number of distinct customers.
    """
    k = check_int("k", k, 2)
    seed = check_int("seed", seed, 0)
    features = prepare_features(rfm)
    check_k_fits(k, features)

    model = fit_kmeans(features.z, k, seed)
    means, counts = _member_means(features.z, model.labels_, k)
    members = np.flatnonzero(counts > 0)
    # the K-Means labels of the clusters with members, numbered 0 .. len(members) - 1
    compact = np.full(k, -1, dtype=np.int64)
    compact[members] = np.arange(len(members))
    centroids, new_id = _named_centroids(features, means[members], counts[members])
    labels = new_id[compact[model.labels_]]
    names = centroids["cluster_name"].to_numpy(dtype=object)
    assignments = pd.DataFrame(
        {ID_COLUMN: features.customer_id, "cluster_id": labels, "cluster_name": names[labels]}
    )
    return ClusterFit(assignments=assignments, centroids=centroids, medians=features.medians)


def cluster_centroids(rfm: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """The centroid table of :func:`fit_clusters` from its assignments, without fitting again.

    Parameters
    ----------
    rfm : pandas.DataFrame
        The RFM mart the assignments were made from.
    assignments : pandas.DataFrame
        ``customer_id``, ``cluster_id``, ``cluster_name``: one row per customer of ``rfm``
        (``fit_clusters(rfm, k).assignments``, as model customer_clusters stores it).

    Returns
    -------
    pandas.DataFrame
        ``fit_clusters(rfm, k).centroids``: the same rows, bit for bit.

    Raises
    ------
    ValueError
        When the assignments do not cover the customers of ``rfm`` once each, or are not a
        clustering :func:`fit_clusters` made from it (ids not in value order or other names).
    """
    features = prepare_features(rfm)
    missing = [c for c in ASSIGNMENT_COLUMNS if c not in assignments.columns]
    if missing:
        raise ValueError(f"assignments is missing column(s): {', '.join(map(repr, missing))}")
    try:
        ordered = assignments.iloc[np.argsort(assignments[ID_COLUMN].to_numpy(), kind="stable")]
    except TypeError as err:
        raise ValueError(f"assignments' {ID_COLUMN!r} mixes types that cannot be sorted") from err
    ids = ordered[ID_COLUMN].to_numpy()
    if len(ids) != features.n_customers or not np.array_equal(ids, features.customer_id):
        raise ValueError(
            f"assignments must hold each of the {features.n_customers} customers of the RFM "
            f"table once; got {len(ids)} rows"
        )
    labels = ordered["cluster_id"].to_numpy(dtype=np.int64)
    k = int(labels.max()) + 1
    means, counts = _member_means(features.z, labels, k)
    centroids, new_id = _named_centroids(features, means, counts)
    given = ordered.groupby("cluster_id", sort=True)["cluster_name"].first()
    if (
        np.any(counts == 0)
        or not np.array_equal(new_id, np.arange(k))
        or not np.array_equal(given.to_numpy(dtype=object), centroids["cluster_name"].to_numpy())
    ):
        raise ValueError(
            "the assignments are not a clustering of this RFM table: their cluster ids are not "
            "in value order or their names are not the centroids' (build customer_clusters "
            "from the same customer_rfm)"
        )
    return centroids


def assign_clusters(rfm: pd.DataFrame, k: int, seed: int = 42) -> pd.DataFrame:
    """One row per customer with a stable cluster id and a rule-based cluster name.

    Thin wrapper over :func:`fit_clusters`; :func:`cluster_centroids` gives its centroids.

    Parameters
    ----------
    rfm : pandas.DataFrame
        RFM mart with ``customer_id``, ``recency_days``, ``frequency``, ``monetary``.
    k : int
        Number of clusters.
    seed : int, default 42
        K-Means ``random_state``.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``cluster_id`` (int64, 0 = highest-value centroid), ``cluster_name``,
        sorted by ``customer_id``.

    Raises
    ------
    ValueError
        As :func:`fit_clusters`.
    """
    return fit_clusters(rfm, k, seed).assignments
