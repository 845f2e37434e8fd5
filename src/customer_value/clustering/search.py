"""Choose the number of clusters: elbow (inertia) and silhouette over a range of k."""

from __future__ import annotations

import numpy as np
import pandas as pd

from customer_value.clustering.features import (
    check_int,
    check_k_fits,
    prepare_features,
    sample_indices,
)
from customer_value.clustering.search_kmeans import search_kmeans
from customer_value.clustering.silhouette import mean_silhouettes

#: Silhouettes within this distance of the best one count as ties; ties go to the smallest k.
SILHOUETTE_TIE_TOLERANCE = 1e-9


def search_k(
    rfm: pd.DataFrame,
    k_min: int = 2,
    k_max: int = 8,
    seed: int = 42,
    sample_size: int = 10_000,
) -> pd.DataFrame:
    """Fit K-Means for each k in ``[k_min, k_max]`` and pick k by the silhouette coefficient.

    The silhouette coefficient (Rousseeuw 1987, :func:`mean_silhouettes`: every k from one
    pass over the pairwise distances) costs O(n^2) time, so the search runs on a
    fixed-seed sample of at most ``sample_size`` customers, the same sample for every k (all
    customers when there are fewer): K-Means is fitted on the sample and the silhouette computed
    on it, with :func:`~customer_value.clustering.search_kmeans.search_kmeans` (NumPy, every
    k-means++ restart at once, no scikit-learn import). Inertia (within-cluster sum of squares,
    the elbow curve) is that of all customers around the sample's centroids. The final
    clustering (:func:`fit_clusters`) uses everyone and scikit-learn's K-Means.
    The chosen k has the highest silhouette; ties (within ``SILHOUETTE_TIE_TOLERANCE``) go to
    the smallest k, the more parsimonious segmentation.

    Parameters
    ----------
    rfm : pandas.DataFrame
        RFM mart with ``customer_id``, ``recency_days``, ``frequency``, ``monetary``.
    k_min, k_max : int, default 2, 8
        Inclusive range of cluster counts; ``2 <= k_min <= k_max``.
    seed : int, default 42
        Seed for K-Means and for the silhouette sample; the result is deterministic for a seed
        and independent of the input row order.
    sample_size : int, default 10_000
        Maximum number of customers the search fits and scores; must exceed ``k_max``.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k`` (int), ``inertia`` (float), ``silhouette`` (float, NaN only when
        undefined because the sample holds a single cluster or one customer per cluster),
        ``is_chosen`` (bool, exactly one True).

    Raises
    ------
    ValueError
        On invalid input (see :func:`prepare_features`), ``k_min < 2``, ``k_min > k_max``,
        ``sample_size <= k_max``, all customers alike, or ``k_min`` or ``k_max`` larger than
        the number of distinct customers (the message names the dbt config to lower).
        The range is not silently clipped: a k the data cannot support is a caller error.

    References
    ----------
    Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation
    of cluster analysis. J. Comput. Appl. Math. 20, 53-65.
    """
    k_min = check_int("k_min", k_min, 2)
    k_max = check_int("k_max", k_max, 2)
    if k_min > k_max:
        raise ValueError(f"k_min ({k_min}) must be <= k_max ({k_max})")
    seed = check_int("seed", seed, 0)
    sample_size = check_int("sample_size", sample_size, 2)
    if sample_size <= k_max:
        raise ValueError(f"sample_size ({sample_size}) must be greater than k_max ({k_max})")
    features = prepare_features(rfm)
    if features.n_distinct < 2:
        raise ValueError(
            f"all {features.n_customers} customers have the same recency, frequency and "
            "monetary value: there is nothing to cluster; use more data (more customers or a "
            "longer period)"
        )
    if features.n_distinct < k_min:
        raise ValueError(
            f"K-Means needs at least k_min={k_min} distinct customers (distinct recency, "
            f"frequency, monetary points); got {features.n_distinct} among "
            f"{features.n_customers} customers: lower k_min (dbt config cluster_k_min) or use "
            "more data"
        )
    check_k_fits(k_max, features, name="k_max", setting="dbt config cluster_k_max")

    idx = sample_indices(features.n_customers, sample_size, seed)
    z_sample = features.z[idx]
    rows, labelings = [], {}
    for k in range(k_min, k_max + 1):
        fit = search_kmeans(z_sample, k, seed)
        n_labels = len(np.unique(fit.labels))
        if 2 <= n_labels <= len(idx) - 1:
            labelings[k] = fit.labels
        # inertia of every customer around the sample's centroids
        rows.append({"k": k, "inertia": fit.inertia_of(features.z), "silhouette": np.nan})
    # every k's silhouette from one pass over the sample's pairwise distances
    scores = mean_silhouettes(z_sample, list(labelings.values())) if labelings else []
    silhouettes = dict(zip(labelings, scores, strict=True))
    for row in rows:
        row["silhouette"] = silhouettes.get(row["k"], float("nan"))

    table = pd.DataFrame(rows).astype({"k": "int64", "inertia": "float64", "silhouette": "float64"})
    table["is_chosen"] = table["k"] == _choose_k(table)
    return table


def _choose_k(table: pd.DataFrame) -> int:
    silhouette = table["silhouette"].to_numpy()
    if np.isnan(silhouette).all():
        raise ValueError("silhouette is undefined for every k; use more customers or a smaller k")
    best = np.nanmax(silhouette)
    ties = table.loc[silhouette >= best - SILHOUETTE_TIE_TOLERANCE, "k"]
    return int(ties.min())


def chosen_k(candidates: pd.DataFrame) -> int:
    """The k marked ``is_chosen`` in a :func:`search_k` table.

    Raises
    ------
    ValueError
        When the table does not mark exactly one k as chosen.
    """
    chosen = candidates.loc[candidates["is_chosen"].astype(bool), "k"]
    if len(chosen) != 1:
        raise ValueError(f"the k search must mark exactly one k as chosen; found {len(chosen)}")
    return int(chosen.iloc[0])
