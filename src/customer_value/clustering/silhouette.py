"""Mean silhouette coefficients of several clusterings of the same points, in one pass over
their pairwise distances."""

from __future__ import annotations

import numpy as np

#: Rows of the distance matrix held at once (``ROWS_PER_BLOCK x n`` float64 values).
ROWS_PER_BLOCK = 1024


def mean_silhouettes(z: np.ndarray, labelings: list[np.ndarray]) -> list[float]:
    """The mean silhouette coefficient (Rousseeuw 1987) of each labeling of the points ``z``.

    For point i in cluster A, a(i) is its mean Euclidean distance to the other points of A and
    b(i) the smallest mean distance to the points of another cluster; s(i) = (b - a) / max(a, b),
    and s(i) = 0 when A holds i alone (as scikit-learn's ``silhouette_score``, which this matches
    to rounding). The pairwise distances are computed once, a block of rows at a time, and each
    block is multiplied by the one-hot matrices of all labelings together: the per-cluster
    distance sums of every labeling cost one O(n^2) pass instead of one per labeling, in
    O(``ROWS_PER_BLOCK`` x n) memory.

    Parameters
    ----------
    z : numpy.ndarray
        Points, shape ``(n, d)``.
    labelings : list of numpy.ndarray
        Cluster labels, each of shape ``(n,)``, with at least 2 and at most n - 1 distinct
        labels.

    Returns
    -------
    list of float
        One mean silhouette per labeling, in [-1, 1].

    References
    ----------
    Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation
    of cluster analysis. J. Comput. Appl. Math. 20, 53-65.
    """
    z = np.asarray(z, dtype=np.float64)
    n = len(z)
    codes, counts, onehots = [], [], []
    for labels in labelings:
        labels = np.asarray(labels)
        if labels.shape != (n,):
            raise ValueError(f"labels must have shape ({n},); got {labels.shape}")
        values, code = np.unique(labels, return_inverse=True)
        if not 2 <= len(values) <= n - 1:
            raise ValueError(
                f"the silhouette needs 2 to n - 1 = {n - 1} clusters; got {len(values)}"
            )
        codes.append(code)
        counts.append(np.bincount(code).astype(np.float64))
        onehots.append(np.eye(len(values))[code])
    stacked = np.hstack(onehots)
    sums = np.empty((n, stacked.shape[1]))
    squared = np.einsum("ij,ij->i", z, z)
    for start in range(0, n, ROWS_PER_BLOCK):
        stop = min(start + ROWS_PER_BLOCK, n)
        block = squared[start:stop, None] + squared[None, :] - 2.0 * (z[start:stop] @ z.T)
        np.maximum(block, 0.0, out=block)
        np.sqrt(block, out=block)
        block[np.arange(stop - start), np.arange(start, stop)] = 0.0
        sums[start:stop] = block @ stacked

    means = []
    offset = 0
    rows = np.arange(n)
    for code, count in zip(codes, counts, strict=True):
        k = len(count)
        cluster_sums = sums[:, offset : offset + k]
        offset += k
        own_size = count[code]
        own = cluster_sums[rows, code]
        mean_distance = cluster_sums / count
        mean_distance[rows, code] = np.inf
        nearest_other = mean_distance.min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            within = own / (own_size - 1.0)
            silhouette = (nearest_other - within) / np.maximum(within, nearest_other)
        silhouette = np.where(own_size > 1, np.nan_to_num(silhouette), 0.0)
        means.append(float(silhouette.mean()))
    return means
