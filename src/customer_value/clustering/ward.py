"""Cross-check K-Means against Ward agglomerative clustering."""

from __future__ import annotations

import pandas as pd

from customer_value.clustering.features import (
    ID_COLUMN,
    check_int,
    check_k_fits,
    prepare_features,
    sample_indices,
)
from customer_value.clustering.kmeans import fit_kmeans


def compare_with_ward(
    rfm: pd.DataFrame,
    k: int,
    seed: int = 42,
    sample_size: int = 10_000,
    assignments: pd.DataFrame | None = None,
) -> float:
    """Adjusted Rand index between Ward and K-Means labels on the same customers.

    The K-Means labels are those of ``assignments`` (the output of :func:`assign_clusters` for
    this ``rfm``, ``k`` and ``seed``, e.g. the warehouse's customer_clusters) when given;
    otherwise K-Means is fitted on all customers exactly as in :func:`fit_clusters` (same
    features, same seed), which gives the same index. Ward's minimum-variance agglomerative
    clustering (Ward 1963) needs O(n^2) memory, so it runs on a fixed-seed sample of at most
    ``sample_size`` customers, and the adjusted Rand index (Hubert & Arabie 1985) compares its
    labels with the K-Means labels of those same customers. Values near 1 mean the two methods
    find the same partition; near 0, agreement no better than chance. The index ignores label
    numbering.

    Parameters
    ----------
    rfm : pandas.DataFrame
        RFM mart with ``customer_id``, ``recency_days``, ``frequency``, ``monetary``.
    k : int
        Number of clusters for both methods.
    seed : int, default 42
        K-Means ``random_state`` and sample seed.
    assignments : pandas.DataFrame, optional
        ``customer_id`` and ``cluster_id`` of every customer of ``rfm``, with ``k`` clusters.
    sample_size : int, default 10_000
        Maximum number of customers given to Ward (about 0.4 GB of pairwise distances at
        10,000); must be >= ``k``.

    Returns
    -------
    float
        Adjusted Rand index, at most 1.

    Raises
    ------
    ValueError
        On invalid input (see :func:`prepare_features`), ``k < 2``, ``sample_size < k``,
        ``k`` larger than the number of distinct customers, or ``assignments`` that do not hold
        one cluster of the ``k`` for each customer of ``rfm``.

    References
    ----------
    Ward, J. H. (1963). Hierarchical grouping to optimize an objective function. JASA 58, 236-244.
    Hubert, L., Arabie, P. (1985). Comparing partitions. J. Classification 2, 193-218.
    """
    k = check_int("k", k, 2)
    seed = check_int("seed", seed, 0)
    sample_size = check_int("sample_size", sample_size, 2)
    if sample_size < k:
        raise ValueError(f"sample_size ({sample_size}) must be >= k ({k})")
    features = prepare_features(rfm)
    check_k_fits(k, features)

    # imported here: importing the clustering package (the k search) needs no scikit-learn
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    idx = sample_indices(features.n_customers, sample_size, seed)
    if assignments is None:
        kmeans_labels = fit_kmeans(features.z, k, seed).labels_[idx]
    else:
        kmeans_labels = _assigned_labels(assignments, features.customer_id, k)[idx]
    ward_labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(features.z[idx])
    return float(adjusted_rand_score(kmeans_labels, ward_labels))


def _assigned_labels(assignments: pd.DataFrame, customer_ids, k: int):
    """Cluster ids of ``assignments`` in the order of ``customer_ids``; raises unless every
    customer has exactly one and there are ``k`` clusters."""
    missing = [c for c in (ID_COLUMN, "cluster_id") if c not in assignments.columns]
    if missing:
        raise ValueError(f"assignments is missing column(s): {', '.join(map(repr, missing))}")
    by_customer = assignments.drop_duplicates(ID_COLUMN).set_index(ID_COLUMN)["cluster_id"]
    if len(by_customer) != len(assignments) or len(assignments) != len(customer_ids):
        raise ValueError(
            f"assignments must hold one row per customer of rfm ({len(customer_ids)}); got "
            f"{len(assignments)} rows for {len(by_customer)} customers"
        )
    labels = by_customer.reindex(customer_ids)
    if labels.isna().any():
        raise ValueError(f"assignments lacks {int(labels.isna().sum())} customer(s) of rfm")
    if labels.nunique() != k:
        raise ValueError(f"assignments has {labels.nunique()} clusters; expected k={k}")
    return labels.to_numpy()
