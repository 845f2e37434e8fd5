"""Predictions of fitted scikit-learn histogram gradient-boosting models from binned features.

scikit-learn's ``predict`` walks every tree with the raw float64 features. The models were
grown on the features mapped to their bins (uint8), and each split of a tree is both a bin
(``bin <= b`` goes left) and that bin's upper edge (``value <= edge`` goes left); a value is
mapped to the first bin whose edge is at or above it, so both walks take the same branches and
give the same leaves, summed in the same order: the predictions are identical, bit for bit.
The binned walk is about 1.7 times faster (650,000 rows of 15 features, 200 trees, one
thread: 2.9 s against 4.9 s, plus 0.5 s to bin), and the ML columns predict every customer
4 windows x 2 models x 200 trees.

scikit-learn has no public call for it, so this reads the estimator's fitted internals
(``_preprocess_X``, ``_bin_mapper``, ``_predictors``, ``_baseline_prediction``, ``_loss``, as
scikit-learn 1.9 names them). When one is missing (a release that renamed it), or a feature is
categorical (binning maps an unknown category to a wrong bin), the public ``predict`` is used
instead: same numbers, slower. The tests compare both walks, bit for bit, on whatever release
the project installs, so a release that changed their meaning fails them.
"""

from __future__ import annotations

import numpy as np

_INTERNALS = ("_bin_mapper", "_predictors", "_baseline_prediction", "_loss", "_preprocess_X")


def _binned_walk_applies(estimator) -> bool:
    if not all(hasattr(estimator, name) for name in _INTERNALS):
        return False
    categorical = getattr(estimator._bin_mapper, "is_categorical_", None)
    return categorical is None or not np.any(categorical)


def _raw_from_bins(estimator, features, n_threads: int) -> np.ndarray:
    """The sum of the leaf values over the trees (scikit-learn's raw prediction), from bins."""
    values = estimator._preprocess_X(features, reset=False)
    binned = estimator._bin_mapper.transform(values)
    missing_bin = estimator._bin_mapper.missing_values_bin_idx_
    baseline = estimator._baseline_prediction
    raw = np.zeros((binned.shape[0], baseline.shape[-1]), dtype=baseline.dtype, order="F")
    raw += baseline
    for trees_of_iteration in estimator._predictors:
        for k, tree in enumerate(trees_of_iteration):
            raw[:, k] += tree.predict_binned(binned, missing_bin, n_threads)
    return raw


def predict_regression(estimator, features, n_threads: int = 1) -> np.ndarray:
    """``estimator.predict(features)`` of a fitted ``HistGradientBoostingRegressor`` (the
    trees walked on ``n_threads`` OpenMP threads)."""
    if not _binned_walk_applies(estimator):
        return estimator.predict(features)
    return estimator._loss.link.inverse(_raw_from_bins(estimator, features, n_threads).ravel())


def predict_probability(estimator, features, n_threads: int = 1) -> np.ndarray:
    """``estimator.predict_proba(features)[:, 1]`` of a fitted two-class
    ``HistGradientBoostingClassifier`` (the trees walked on ``n_threads`` OpenMP threads)."""
    if not _binned_walk_applies(estimator):
        return estimator.predict_proba(features)[:, 1]
    return estimator._loss.predict_proba(_raw_from_bins(estimator, features, n_threads))[:, 1]
