"""Customer segmentation with K-Means on log-transformed, standardised RFM features.

Pipeline: :func:`search_k` (elbow + silhouette over a range of k) -> :func:`assign_clusters`
or :func:`fit_clusters` (stable ids, rule-based names, centroids in original units) ->
:func:`cluster_centroids` (the centroid table from the assignments, not fitted again) ->
:func:`compare_with_ward` (agreement with Ward's hierarchical clustering). Cluster profiles
(size, RFM summary, revenue share) are computed in SQL by the ``cluster_profiles`` mart.

Features are ``log1p`` of ``recency_days``, ``frequency`` and ``monetary``, standardised to
z-scores. Frequency and monetary are heavily right-skewed and K-Means uses Euclidean distance,
which is scale-sensitive: on raw values a few "whale" customers dominate the objective. Logs turn
ratios into distances; standardisation makes the three dimensions weigh equally. See
:mod:`customer_value.clustering.features` for details and :mod:`customer_value.clustering.naming`
for the naming rules.

Modules (one job each): ``features`` (validation, feature space, sampling), ``kmeans`` (the
K-Means configuration), ``search`` (choose k), ``naming`` (centroid -> name), ``assign``
(ids, names, centroids) and ``ward`` (Ward comparison).
"""

from customer_value.clustering.assign import (
    ClusterFit,
    assign_clusters,
    cluster_centroids,
    fit_clusters,
)
from customer_value.clustering.features import RFMFeatures, prepare_features
from customer_value.clustering.naming import name_clusters
from customer_value.clustering.search import chosen_k, search_k
from customer_value.clustering.ward import compare_with_ward

__all__ = [
    "ClusterFit",
    "RFMFeatures",
    "assign_clusters",
    "chosen_k",
    "cluster_centroids",
    "compare_with_ward",
    "fit_clusters",
    "name_clusters",
    "prepare_features",
    "search_k",
]
