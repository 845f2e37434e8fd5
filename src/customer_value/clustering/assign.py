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


def fit_clusters(rfm: pd.DataFrame, k: int, seed: int = 42) -> ClusterFit:
    """Cluster customers with K-Means, renumber clusters by value and name them.

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
    centers = features.to_original_units(model.cluster_centers_)
    recency, frequency, monetary = centers.T
    order = np.lexsort((np.arange(k), recency, -frequency, -monetary))
    new_id = np.empty(k, dtype=np.int64)
    new_id[order] = np.arange(k)
    labels = new_id[model.labels_]

    centroids = pd.DataFrame(centers[order], columns=list(FEATURE_COLUMNS))
    centroids.insert(0, "cluster_id", np.arange(k, dtype=np.int64))
    centroids.insert(1, "customers", np.bincount(labels, minlength=k).astype(np.int64))
    centroids = pd.concat([centroids, centroid_ratios(centroids, features.medians)], axis=1)
    names = name_clusters(centroids, features.medians)
    centroids.insert(1, "cluster_name", pd.Series(names, dtype=object))
    centroids = centroids.loc[:, list(CENTROID_COLUMNS)]

    assignments = pd.DataFrame(
        {
            ID_COLUMN: features.customer_id,
            "cluster_id": labels,
            "cluster_name": np.asarray(names, dtype=object)[labels],
        }
    )
    return ClusterFit(assignments=assignments, centroids=centroids, medians=features.medians)


def assign_clusters(rfm: pd.DataFrame, k: int, seed: int = 42) -> pd.DataFrame:
    """One row per customer with a stable cluster id and a rule-based cluster name.

    Thin wrapper over :func:`fit_clusters`; use that function for the centroids.

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
