"""K-Means for the k search in NumPy alone, every restart at once.

The k search fits six or more K-Means models on a sample only to score them; importing
scikit-learn for that costs more than the fits themselves (seconds inside a dbt build, where
the search sits on the critical path). Here all restarts of one k advance together: one array
holds every restart's centroids, so each Lloyd step is a handful of vectorised operations.
The final clustering (:func:`customer_value.clustering.fit_clusters`) still uses
:func:`customer_value.clustering.kmeans.fit_kmeans`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: k-means++ restarts of the search; the lowest-inertia one is kept.
SEARCH_N_INIT = 4
#: Lloyd steps at most; the restarts stop earlier when no label changes or when every centre
#: moves less than ``TOLERANCE`` (squared, summed over centres; the features have variance 1),
#: scikit-learn's default rule.
MAX_ITER = 300
TOLERANCE = 1e-4


@dataclass(frozen=True)
class SearchFit:
    """The best restart: ``centers`` (k, d), ``labels`` (n,) and ``inertia`` (sum of squared
    distances of the fitted points to their centre)."""

    centers: np.ndarray
    labels: np.ndarray
    inertia: float

    def inertia_of(self, points: np.ndarray) -> float:
        """Sum of squared distances of ``points`` to their nearest centre."""
        return float(_squared_distances(points, self.centers[None]).min(axis=2).sum())


def _squared_distances(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Squared distances, shape (n, restarts, k), from points (n, d) and centers (r, k, d):
    one matrix product for every restart's centres (|x|^2 - 2 x.c + |c|^2)."""
    restarts, k, d = centers.shape
    flat = centers.reshape(restarts * k, d)
    squared = points @ flat.T
    squared *= -2.0
    squared += np.einsum("md,md->m", flat, flat)
    squared += np.einsum("nd,nd->n", points, points)[:, None]
    np.maximum(squared, 0.0, out=squared)
    return squared.reshape(len(points), restarts, k)


def _plus_plus(points: np.ndarray, k: int, restarts: int, rng) -> np.ndarray:
    """Greedy k-means++ seeding, one per restart: each new centre is the best (lowest total
    squared distance) of ``2 + log(k)`` candidates drawn with probability proportional to the
    squared distance to the nearest centre so far (Arthur & Vassilvitskii 2007, the greedy
    variant scikit-learn uses)."""
    n = len(points)
    trials = 2 + int(np.log(k))
    chosen = np.empty((restarts, k), dtype=np.int64)
    chosen[:, 0] = rng.integers(n, size=restarts)
    nearest = _squared_distances(points, points[chosen[:, :1]])[:, :, 0].T  # (restarts, n)
    for c in range(1, k):
        cumulative = np.cumsum(nearest, axis=1)
        targets = rng.random((restarts, trials)) * cumulative[:, -1:]
        candidates = np.stack(
            [np.searchsorted(cumulative[r], targets[r], side="right") for r in range(restarts)]
        )
        candidates = np.minimum(candidates, n - 1)
        # (n, restarts, trials) -> each candidate's new nearest distances and their total
        fresh = np.minimum(nearest.T[:, :, None], _squared_distances(points, points[candidates]))
        best = fresh.sum(axis=0).argmin(axis=1)
        chosen[:, c] = candidates[np.arange(restarts), best]
        nearest = fresh[:, np.arange(restarts), best].T
    return points[chosen]


def search_kmeans(points: np.ndarray, k: int, seed: int, n_init: int = SEARCH_N_INIT) -> SearchFit:
    """Lloyd's K-Means (Lloyd 1982) from ``n_init`` k-means++ seedings run side by side.

    Each step assigns every point to its nearest centre in every restart, then moves each
    centre to the mean of its points; a centre left without points jumps to the point farthest
    from its own centre. A restart is done when no label changes (or after ``MAX_ITER`` steps).

    Parameters
    ----------
    points : numpy.ndarray
        Standardised features, shape ``(n, d)``, ``n >= k``.
    k : int
        Number of clusters.
    seed : int
        Seed of the seedings; the fit is deterministic for a seed and input.
    n_init : int, default ``SEARCH_N_INIT``
        Restarts; the one with the lowest inertia is returned.

    Returns
    -------
    SearchFit

    References
    ----------
    Lloyd, S. (1982). Least squares quantization in PCM. IEEE Trans. Inf. Theory 28(2), 129-137.
    Arthur, D., Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. SODA.
    """
    points = np.asarray(points, dtype=np.float64)
    n, d = points.shape
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of points ({n}); got {k}")
    rng = np.random.default_rng(seed)
    centers = _plus_plus(points, k, n_init, rng)
    offsets = np.arange(n_init) * k
    repeated = np.repeat(points, n_init, axis=0)  # row i * n_init + r: point i, restart r
    labels = np.full((n, n_init), -1)
    for _ in range(MAX_ITER):
        distances = _squared_distances(points, centers)
        new_labels = distances.argmin(axis=2)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        flat = (labels + offsets).ravel()
        counts = np.bincount(flat, minlength=n_init * k).reshape(n_init, k)
        sums = np.stack(
            [np.bincount(flat, weights=repeated[:, j], minlength=n_init * k) for j in range(d)],
            axis=1,
        ).reshape(n_init, k, d)
        occupied = counts > 0
        moved = np.where(occupied[..., None], sums / np.maximum(counts, 1)[..., None], centers)
        for restart, cluster in zip(*np.nonzero(~occupied), strict=True):
            own = distances[np.arange(n), restart, labels[:, restart]]
            moved[restart, cluster] = points[int(own.argmax())]
        shift = ((moved - centers) ** 2).sum(axis=(1, 2))
        centers = moved
        if (shift <= TOLERANCE).all():
            break
    distances = _squared_distances(points, centers)
    labels = distances.argmin(axis=2)
    inertias = np.take_along_axis(distances, labels[..., None], axis=2)[..., 0].sum(axis=0)
    best = int(np.argmin(inertias))
    return SearchFit(centers[best], labels[:, best], float(inertias[best]))
