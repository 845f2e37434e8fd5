"""Machine-learning benchmarks for next-period purchasing and spend (scikit-learn).

Design (a "rolling origin" with stacked windows): to predict the ``P`` days after ``cutoff``,

1. the horizon is tiled by target windows of ``W = min(WINDOW_DAYS, P)`` days at offsets
   ``0, W, 2W, ...`` from the origin (the last one partial, weighted by the share it covers; a
   remainder under a tenth of a window, the last day of a 365-day year, widens the window before
   it instead);
2. training rows come from many origins ``c = cutoff - W - k * ORIGIN_STEP_DAYS`` (k = 0, 1, ...,
   while ``c`` leaves ``MIN_HISTORY_DAYS`` of data before it, at most ``MAX_ORIGINS``), each
   with every offset whose window ends by ``cutoff``: features of the customers at ``c`` on
   fixed-length lookbacks (:mod:`customer_value.clv.ml_features`), plus the target window's
   offset and calendar position; labels are what they did in that window;
3. the models are applied at ``cutoff`` once per window of the horizon, and the windows are
   summed (purchases, spend; the purchase probability is ``1 - prod(1 - p_w) ** weight_w``).

So training covers every season, not one window whose season is opposite to the target's (the
former single window trained on the post-Christmas lull to predict June-December), and features
have the same range in training and at prediction. Offsets beyond those trained (a horizon as
long as the calibration data) reuse the largest trained offset, as trees do. No information
after ``cutoff`` is used. Three gradient-boosted tree models with fixed seeds: a classifier of
"buys in the window", and Poisson-loss regressors of purchase days and spend.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from customer_value.clv.ml_features import (
    FEATURE_COLUMNS,
    horizon_windows,
    origin_features,
    window_labels,
    with_target,
)
from customer_value.clv.summary import _as_day, prepare_customer_days
from customer_value.clv.tree_prediction import predict_probability, predict_regression

logger = logging.getLogger(__name__)

#: Length of the target windows (days): a quarter.
WINDOW_DAYS = 91
#: Days between training origins.
ORIGIN_STEP_DAYS = 30
#: A training origin needs at least this many days of data before it.
MIN_HISTORY_DAYS = 90
#: At most this many training origins (two years of monthly origins).
MAX_ORIGINS = 24
#: Training rows beyond this are sampled (fixed seed): each origin and offset keeps at most
#: MAX_TRAIN_ROWS // MAX_ORIGINS customers, so memory stays bounded for millions of customers.
MAX_TRAIN_ROWS = 200_000


def customer_features(customer_days: pd.DataFrame, cutoff) -> pd.DataFrame:
    """Features of every customer first seen on or before ``cutoff`` (history up to it), for
    a target window starting the day after it: ``customer_id`` and :data:`FEATURE_COLUMNS`
    (see :mod:`customer_value.clv.ml_features`)."""
    days = prepare_customer_days(customer_days, cutoff)
    end = days.attrs["observation_end"]
    features = origin_features(days, end, days["order_date"].min())
    return with_target(features, end, 0, WINDOW_DAYS)


class NextPeriodModel:
    """Gradient-boosted models of next-period purchasing (see the module docstring).

    Parameters
    ----------
    period_days : int
        Length ``P`` of the prediction period, in days.
    time_unit : str, default "weeks"
        Kept for the callers' signature; every duration feature is in days.
    seed : int, default 42
        ``random_state`` of the estimators.
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf
        Passed to the scikit-learn histogram gradient-boosting estimators.
    purchase_days : bool, default True
        Also fit the regressor of purchase days. Without it (``False``) ``predict`` returns no
        ``predicted_purchases``: the CLV table reads only the probability and the spend, and
        skipping the model saves a third of the fitting and prediction.
    n_threads : int, default 1
        OpenMP threads for the estimators. One thread by default: on customer tables of a
        few thousand rows, libgomp's thread start-up and spinning cost more than they save
        and are very slow when the cores are shared (one fit measured 0.6 s with 1 thread
        and 18 s with 2 on a busy 2-core machine).

    Attributes
    ----------
    classifier_, count_regressor_, spend_regressor_
        Fitted estimators (the classifier is None when the training labels have a single
        class; the predicted probability is then that constant; the count regressor is None
        without ``purchase_days``).
    train_origins_ : list of pandas.Timestamp
    n_train_rows_, n_train_customers_ (distinct customers in training), window_days_,
    cutoff_, base_rate_
    """

    def __init__(
        self,
        period_days: int = 180,
        time_unit: str = "weeks",
        seed: int = 42,
        max_iter: int = 200,
        learning_rate: float = 0.05,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 20,
        purchase_days: bool = True,
        n_threads: int = 1,
    ):
        self.period_days = period_days
        self.time_unit = time_unit
        self.seed = seed
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.purchase_days = purchase_days
        self.n_threads = n_threads

    def _estimator_kwargs(self) -> dict:
        return {
            "max_iter": self.max_iter,
            "learning_rate": self.learning_rate,
            "max_leaf_nodes": self.max_leaf_nodes,
            "min_samples_leaf": self.min_samples_leaf,
            "early_stopping": False,
            "random_state": self.seed,
        }

    def fit(self, customer_days: pd.DataFrame, cutoff):
        """Train on stacked origins before ``cutoff`` (see the module docstring).

        Rows after ``cutoff`` are ignored. Raises ValueError when no origin leaves
        ``MIN_HISTORY_DAYS`` of data before it and a full window after it, or fewer than 2
        customers were seen by then.
        """
        if self.period_days <= 0:
            raise ValueError(f"period_days must be positive; got {self.period_days}")
        cutoff = _as_day(cutoff, "cutoff")
        days = prepare_customer_days(customer_days, cutoff)
        data_start = days["order_date"].min()
        span = (cutoff - data_start).days if not pd.isna(data_start) else 0
        if span <= int(self.period_days):
            raise ValueError(
                f"NextPeriodModel needs history longer than the {self.period_days}-day period "
                f"it predicts; the data span {span} days before {cutoff.date()}"
            )
        window = min(WINDOW_DAYS, int(self.period_days))
        offsets = [offset for offset, _ in horizon_windows(int(self.period_days), window)]
        frames, labels, origins = [], [], []
        rng = np.random.default_rng(self.seed)
        per_frame = MAX_TRAIN_ROWS // MAX_ORIGINS
        # customers in the order origin_features returns them (sorted ids), with their first day
        first_seen = days.groupby("customer_id", sort=True)["order_date"].min()
        # each day's customer as its position in first_seen: a sample of customers then selects
        # its days by a lookup instead of comparing ids (a text isin over every day per origin)
        day_customer = first_seen.index.get_indexer(days["customer_id"])
        for k in range(MAX_ORIGINS):
            origin = cutoff - pd.Timedelta(days=window + k * ORIGIN_STEP_DAYS)
            if pd.isna(data_start) or origin < data_start + pd.Timedelta(days=MIN_HISTORY_DAYS):
                break
            seen = np.flatnonzero((first_seen <= origin).to_numpy())
            if len(seen) < 2:
                break
            origin_days = days
            if len(seen) > per_frame:
                # the sample is drawn first: features and labels read its customers' days alone
                keep = np.sort(rng.choice(len(seen), per_frame, replace=False))
                sampled = np.zeros(len(first_seen), dtype=bool)
                sampled[seen[keep]] = True
                origin_days = days.loc[sampled[day_customer]]
            features = origin_features(origin_days, origin, data_start)
            origins.append(origin)
            for offset in offsets:
                start = origin + pd.Timedelta(days=offset)
                end = start + pd.Timedelta(days=window)
                if end > cutoff:
                    break
                frames.append(with_target(features, origin, offset, window))
                labels.append(window_labels(origin_days, features["customer_id"], start, end))
        if not frames:
            first_origin = cutoff - pd.Timedelta(days=window)
            raise ValueError(
                f"NextPeriodModel needs at least 2 customers with history before "
                f"{first_origin.date()} (cutoff minus a {window}-day window) and "
                f"{MIN_HISTORY_DAYS} days of data before that; the data start on "
                f"{data_start.date() if not pd.isna(data_start) else 'no day'}"
            )
        X = pd.concat(frames, ignore_index=True)
        y = pd.concat(labels, ignore_index=True)
        if len(X) > MAX_TRAIN_ROWS:
            keep = np.sort(rng.choice(len(X), MAX_TRAIN_ROWS, replace=False))
            X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
        features = X.loc[:, list(FEATURE_COLUMNS)]
        bought = (y["purchases"] > 0).astype(int).to_numpy()
        logger.info(
            "training next-period models on %d rows from %d origins (%s .. %s), %d-day windows",
            len(X),
            len(origins),
            origins[-1].date(),
            origins[0].date(),
            window,
        )
        self.base_rate_ = float(bought.mean())
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self._fit_estimators(features, bought, y)
        self.train_origins_ = origins
        self.n_train_rows_ = len(X)
        self.n_train_customers_ = int(X["customer_id"].nunique())
        self.window_days_ = window
        self.cutoff_ = cutoff
        self.days_ = days
        return self

    def _fit_estimators(self, features, bought, y):
        if 0 < bought.sum() < len(bought):
            self.classifier_ = HistGradientBoostingClassifier(**self._estimator_kwargs())
            self.classifier_.fit(features, bought)
        else:
            warnings.warn(
                "NextPeriodModel: training labels have a single class; the purchase "
                f"probability is the constant {self.base_rate_}",
                RuntimeWarning,
                stacklevel=2,
            )
            self.classifier_ = None
        kwargs = {**self._estimator_kwargs(), "loss": "poisson"}
        self.count_regressor_ = None
        if self.purchase_days:
            self.count_regressor_ = HistGradientBoostingRegressor(**kwargs)
            self.count_regressor_.fit(features, y["purchases"].to_numpy())
        self.spend_regressor_ = HistGradientBoostingRegressor(**kwargs)
        self.spend_regressor_.fit(features, y["spend"].to_numpy())

    def predict(
        self, customer_days: pd.DataFrame | None = None, cutoff=None, customers=None
    ) -> pd.DataFrame:
        """Predict the period after ``cutoff`` (default: the fitting cutoff and data), for every
        customer or for ``customers`` alone (their predictions are the same either way).

        Returns
        -------
        pandas.DataFrame
            ``customer_id``, ``purchase_probability`` (P(at least one purchase day)),
            ``predicted_purchases`` (purchase days; only with ``purchase_days``) and
            ``predicted_spend`` (net revenue), one row per customer first seen on or before
            ``cutoff`` (of ``customers``, when given).
        """
        if not hasattr(self, "spend_regressor_"):
            raise ValueError("NextPeriodModel is not fitted; call fit() first")
        cutoff = self.cutoff_ if cutoff is None else _as_day(cutoff, "cutoff")
        if customer_days is None:
            days = self.days_
        else:
            days = prepare_customer_days(customer_days, cutoff)
        data_start = days["order_date"].min()
        if customers is not None:
            days = days.loc[days["customer_id"].isin(customers)]
        base = origin_features(days, cutoff, data_start)
        n = len(base)
        prob_none = np.ones(n)
        purchases = np.zeros(n)
        spend = np.zeros(n)
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            for offset, weight in horizon_windows(int(self.period_days), self.window_days_):
                X = with_target(base, cutoff, offset, self.window_days_)
                features = X.loc[:, list(FEATURE_COLUMNS)]
                if self.classifier_ is None:
                    p = np.full(n, self.base_rate_)
                else:
                    p = predict_probability(self.classifier_, features, self.n_threads)
                prob_none *= (1.0 - p) ** weight
                if self.count_regressor_ is not None:
                    purchases += weight * predict_regression(
                        self.count_regressor_, features, self.n_threads
                    )
                spend += weight * predict_regression(
                    self.spend_regressor_, features, self.n_threads
                )
        out = {
            "customer_id": base["customer_id"].to_numpy(),
            "purchase_probability": 1.0 - prob_none,
            "predicted_purchases": purchases,
            "predicted_spend": spend,
        }
        if self.count_regressor_ is None:
            del out["predicted_purchases"]
        return pd.DataFrame(out)
