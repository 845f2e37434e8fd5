"""The one K-Means configuration of the final clustering and the Ward comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.cluster import KMeans

#: Number of k-means++ restarts; the best (lowest inertia) run is kept.
N_INIT = 10


def fit_kmeans(z: np.ndarray, k: int, seed: int) -> KMeans:
    """Fit K-Means (Lloyd, k-means++ init, ``N_INIT`` restarts) on standardised features.

    Parameters
    ----------
    z : numpy.ndarray
        Standardised ``log1p`` RFM features, shape ``(n, 3)``, rows sorted by customer id.
    k : int
        Number of clusters.
    seed : int
        ``random_state``; the fit is deterministic for a given seed and input.

    Returns
    -------
    sklearn.cluster.KMeans
        The fitted estimator.

    References
    ----------
    Lloyd, S. (1982). Least squares quantization in PCM. IEEE Trans. Inf. Theory 28(2), 129-137.
    Arthur, D., Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. SODA.
    """
    # imported here: the k search (search_kmeans) runs without scikit-learn, whose import
    # costs more than the search itself
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=N_INIT, random_state=seed, algorithm="lloyd").fit(z)
