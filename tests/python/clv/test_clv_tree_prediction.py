"""The binned walk of the gradient-boosted trees gives scikit-learn's own predictions, exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_array_equal
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from customer_value.clv import NextPeriodModel
from customer_value.clv.tree_prediction import (
    _binned_walk_applies,
    predict_probability,
    predict_regression,
)


def _training(seed: int = 3, rows: int = 3_000):
    rng = np.random.default_rng(seed)
    features = pd.DataFrame(
        {
            "count": rng.poisson(2.0, rows).astype(float),
            "amount": rng.gamma(1.5, 40.0, rows),
            "days": rng.integers(0, 365, rows).astype(float),
        }
    )
    features.loc[rng.random(rows) < 0.05, "amount"] = np.nan
    rate = 0.2 + features["count"] / 4 + features["days"] / 365
    return features, rng.poisson(rate), rng.random(rows) < rate / (1 + rate)


def _unseen(estimator, training: pd.DataFrame, seed: int = 4) -> pd.DataFrame:
    """New rows: every bin edge of every feature exactly, values beyond the training range,
    missing values and random values."""
    rng = np.random.default_rng(seed)
    edges = estimator._bin_mapper.bin_thresholds_
    rows = []
    for column, column_edges in zip(training.columns, edges, strict=True):
        for edge in column_edges:
            row = training.iloc[rng.integers(len(training))].copy()
            row[column] = edge
            rows.append(row)
    extreme = training.iloc[:4].copy()
    extreme.iloc[0] = -1e9
    extreme.iloc[1] = 1e12
    extreme.iloc[2] = np.nan
    random_rows = training.sample(500, random_state=seed, replace=True) * rng.uniform(0.5, 1.5)
    return pd.concat([pd.DataFrame(rows), extreme, random_rows], ignore_index=True)


def test_regression_is_scikit_learns_exactly():
    features, counts, _ = _training()
    model = HistGradientBoostingRegressor(loss="poisson", max_iter=60, random_state=1)
    model.fit(features, counts)
    assert _binned_walk_applies(model)  # on the installed scikit-learn: not the fallback
    new = _unseen(model, features)
    assert np.count_nonzero(np.isin(new["amount"], model._bin_mapper.bin_thresholds_[1])) > 100
    assert_array_equal(predict_regression(model, new), model.predict(new))
    assert_array_equal(predict_regression(model, features), model.predict(features))


def test_probability_is_scikit_learns_exactly():
    features, _, bought = _training()
    model = HistGradientBoostingClassifier(max_iter=60, random_state=1).fit(features, bought)
    new = _unseen(model, features)
    assert_array_equal(predict_probability(model, new), model.predict_proba(new)[:, 1])


def test_a_categorical_feature_falls_back_to_scikit_learns_walk():
    features, counts, _ = _training()
    features["count"] = features["count"].clip(upper=5)
    model = HistGradientBoostingRegressor(max_iter=20, categorical_features=[0], random_state=1)
    model.fit(features, counts)
    assert not _binned_walk_applies(model)
    assert_array_equal(predict_regression(model, features), model.predict(features))


def test_without_the_internals_the_public_predict_is_used(monkeypatch):
    features, counts, _ = _training()
    model = HistGradientBoostingRegressor(max_iter=20, random_state=1).fit(features, counts)
    binned_walks = []
    monkeypatch.setattr(
        "customer_value.clv.tree_prediction._raw_from_bins",
        lambda *args: binned_walks.append(args),
    )
    monkeypatch.setattr(
        "customer_value.clv.tree_prediction._INTERNALS", ("_predictors", "_renamed_in_a_release")
    )
    assert_array_equal(predict_regression(model, features), model.predict(features))
    assert not binned_walks


def test_the_next_period_models_predict_as_with_scikit_learns_walk(customer_days, monkeypatch):
    model = NextPeriodModel(period_days=365, seed=7).fit(customer_days, "2011-06-30")
    binned = model.predict()
    monkeypatch.setattr(
        "customer_value.clv.ml.predict_regression",
        lambda estimator, X, threads: estimator.predict(X),
    )
    monkeypatch.setattr(
        "customer_value.clv.ml.predict_probability",
        lambda estimator, X, threads: estimator.predict_proba(X)[:, 1],
    )
    public = model.predict()
    assert len(public) > 100 and public["predicted_spend"].gt(0).all()
    pd.testing.assert_frame_equal(binned, public, check_exact=True)
