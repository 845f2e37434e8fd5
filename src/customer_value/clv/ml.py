"""Machine-learning benchmarks for next-period purchasing and spend (scikit-learn).

Scheme (a "rolling origin" of one period): to predict the period ``(cutoff, cutoff + P]``
the models are trained on the previous period:

1. training features describe each customer's history up to ``cutoff - P`` (customers
   first seen by then);
2. training labels are what those customers did in ``(cutoff - P, cutoff]``: whether they
   bought (at least one purchase day), how many purchase days, and their total net revenue;
3. the fitted models are applied to the features computed at ``cutoff`` to predict the
   following period of the same length ``P``.

No information after ``cutoff`` is used. Three gradient-boosted tree models with fixed
seeds: a classifier of "buys again", and Poisson-loss regressors of the number of purchase
days and of spend (Poisson deviance suits non-negative, zero-heavy targets and predicts
means).
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from customer_value.clv._units import days_per_unit
from customer_value.clv.summary import _as_day, prepare_customer_days

logger = logging.getLogger(__name__)

FEATURE_COLUMNS = (
    "frequency",
    "recency",
    "days_since_last",
    "T",
    "monetary_mean",
    "total_spend",
    "first_spend",
    "last_spend",
    "max_spend",
    "mean_gap",
    "purchases_last_90d",
    "spend_last_90d",
    "purchase_rate",
)


def _features(days: pd.DataFrame, cutoff: pd.Timestamp, unit_days: float) -> pd.DataFrame:
    hist = days.loc[days["order_date"] <= cutoff]
    grouped = hist.groupby("customer_id", sort=True)
    agg = grouped.agg(
        first_day=("order_date", "min"),
        last_day=("order_date", "max"),
        n_days=("order_date", "size"),
        total_spend=("net_revenue", "sum"),
        first_spend=("net_revenue", "first"),
        last_spend=("net_revenue", "last"),
        max_spend=("net_revenue", "max"),
    )
    recent = hist.loc[hist["order_date"] > cutoff - pd.Timedelta(days=90)]
    recent = recent.groupby("customer_id")["net_revenue"].agg(["size", "sum"])
    recent = recent.reindex(agg.index).fillna(0.0)
    day = pd.Timedelta(days=1)
    frequency = agg["n_days"] - 1
    span = (agg["last_day"] - agg["first_day"]) / day / unit_days
    T = (cutoff - agg["first_day"]) / day / unit_days
    out = pd.DataFrame(
        {
            "customer_id": agg.index.to_numpy(dtype=object),
            "frequency": frequency.to_numpy(dtype=float),
            "recency": span.to_numpy(dtype=float),
            "days_since_last": ((cutoff - agg["last_day"]) / day).to_numpy(dtype=float),
            "T": T.to_numpy(dtype=float),
            "monetary_mean": (agg["total_spend"] / agg["n_days"]).to_numpy(),
            "total_spend": agg["total_spend"].to_numpy(),
            "first_spend": agg["first_spend"].to_numpy(),
            "last_spend": agg["last_spend"].to_numpy(),
            "max_spend": agg["max_spend"].to_numpy(),
            "mean_gap": np.where(frequency > 0, span / frequency.where(frequency > 0), np.nan),
            "purchases_last_90d": recent["size"].to_numpy(dtype=float),
            "spend_last_90d": recent["sum"].to_numpy(dtype=float),
            "purchase_rate": (agg["n_days"] / (T + 1.0 / unit_days)).to_numpy(dtype=float),
        }
    )
    return out


def customer_features(customer_days: pd.DataFrame, cutoff, time_unit: str = "weeks"):
    """Features of every customer first seen on or before ``cutoff`` (history up to it).

    Columns: ``customer_id`` and :data:`FEATURE_COLUMNS`: ``frequency`` (repeat purchase
    days), ``recency`` (first to last purchase), ``days_since_last`` (in days), ``T``
    (tenure: first purchase to cutoff), ``monetary_mean`` (mean spend over all purchase
    days), ``total_spend``, ``first_spend``, ``last_spend``, ``max_spend``, ``mean_gap``
    (mean time between purchase days, NaN for one-time buyers), ``purchases_last_90d``,
    ``spend_last_90d`` and ``purchase_rate`` (purchase days per unit of tenure). Durations
    other than ``days_since_last`` are in ``time_unit``.
    """
    days = prepare_customer_days(customer_days, cutoff)
    return _features(days, days.attrs["observation_end"], days_per_unit(time_unit))


def _labels(days, customers, start, end) -> pd.DataFrame:
    window = days.loc[(days["order_date"] > start) & (days["order_date"] <= end)]
    agg = window.groupby("customer_id")["net_revenue"].agg(["size", "sum"]).reindex(customers)
    return pd.DataFrame(
        {
            "purchases": agg["size"].fillna(0).to_numpy(dtype=float),
            "spend": agg["sum"].fillna(0.0).to_numpy(dtype=float),
        }
    )


class NextPeriodModel:
    """Gradient-boosted models of next-period purchasing (see the module docstring).

    Parameters
    ----------
    period_days : int
        Length ``P`` of the prediction period (and of the training label window), in days.
    time_unit : str, default "weeks"
        Unit of the duration features.
    seed : int, default 42
        ``random_state`` of the estimators.
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf
        Passed to the scikit-learn histogram gradient-boosting estimators.
    n_threads : int, default 1
        OpenMP threads for the estimators. One thread by default: on customer tables of a
        few thousand rows, libgomp's thread start-up and spinning cost more than they save
        and are very slow when the cores are shared (one fit measured 0.6 s with 1 thread
        and 18 s with 2 on a busy 2-core machine).

    Attributes
    ----------
    classifier_, count_regressor_, spend_regressor_
        Fitted estimators (the classifier is None when the training labels have a single
        class; the predicted probability is then that constant).
    n_train_customers_, train_cutoff_, cutoff_, base_rate_
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
        n_threads: int = 1,
    ):
        self.period_days = period_days
        self.time_unit = time_unit
        self.seed = seed
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
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
        """Train on features up to ``cutoff - period_days`` and labels in the period after.

        Rows after ``cutoff`` are ignored. Raises ValueError when fewer than 2 customers
        were seen before ``cutoff - period_days``.
        """
        if self.period_days <= 0:
            raise ValueError(f"period_days must be positive; got {self.period_days}")
        cutoff = _as_day(cutoff, "cutoff")
        days = prepare_customer_days(customer_days, cutoff)
        train_cut = cutoff - pd.Timedelta(days=int(self.period_days))
        unit_days = days_per_unit(self.time_unit)
        X = _features(days, train_cut, unit_days)
        if len(X) < 2:
            raise ValueError(
                f"NextPeriodModel needs at least 2 customers with history before "
                f"{train_cut.date()} (cutoff minus period_days); got {len(X)}"
            )
        y = _labels(days, X["customer_id"], train_cut, cutoff)
        features = X.loc[:, list(FEATURE_COLUMNS)]
        bought = (y["purchases"] > 0).astype(int).to_numpy()
        logger.info(
            "training next-period models on %d customers (features to %s, labels to %s)",
            len(X),
            train_cut.date(),
            cutoff.date(),
        )
        self.base_rate_ = float(bought.mean())
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self._fit_estimators(features, bought, y)
        self.n_train_customers_ = len(X)
        self.train_cutoff_ = train_cut
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
        self.count_regressor_ = HistGradientBoostingRegressor(**kwargs)
        self.count_regressor_.fit(features, y["purchases"].to_numpy())
        self.spend_regressor_ = HistGradientBoostingRegressor(**kwargs)
        self.spend_regressor_.fit(features, y["spend"].to_numpy())

    def predict(self, customer_days: pd.DataFrame | None = None, cutoff=None) -> pd.DataFrame:
        """Predict the period after ``cutoff`` (default: the fitting cutoff and data).

        Returns
        -------
        pandas.DataFrame
            ``customer_id``, ``purchase_probability`` (P(at least one purchase day)),
            ``predicted_purchases`` (purchase days) and ``predicted_spend`` (net revenue),
            one row per customer first seen on or before ``cutoff``.
        """
        if not hasattr(self, "count_regressor_"):
            raise ValueError("NextPeriodModel is not fitted; call fit() first")
        cutoff = self.cutoff_ if cutoff is None else _as_day(cutoff, "cutoff")
        if customer_days is None:
            days = self.days_
        else:
            days = prepare_customer_days(customer_days, cutoff)
        X = _features(days, cutoff, days_per_unit(self.time_unit))
        features = X.loc[:, list(FEATURE_COLUMNS)]
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            if self.classifier_ is None:
                prob = np.full(len(X), self.base_rate_)
            else:
                prob = self.classifier_.predict_proba(features)[:, 1]
            purchases = self.count_regressor_.predict(features)
            spend = self.spend_regressor_.predict(features)
        return pd.DataFrame(
            {
                "customer_id": X["customer_id"].to_numpy(),
                "purchase_probability": prob,
                "predicted_purchases": purchases,
                "predicted_spend": spend,
            }
        )
