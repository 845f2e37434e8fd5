"""What every purchase model (BG/NBD, MBG/NBD, Pareto/NBD) shares: settings, input checks and
aggregation before the fit, the maximum-likelihood call, and the fitted-state accessors."""

from __future__ import annotations

import copy
import logging

import numpy as np
import pandas as pd

from customer_value.clv._checks import check_frequency_recency_T
from customer_value.clv._optimize import maximize_likelihood

logger = logging.getLogger(__name__)


class AggregatedData:
    """Unique (frequency, recency, T) rows with counts, and the unique frequencies."""

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, weights=None):
        frame = pd.DataFrame({"x": x, "tx": tx, "T": T})
        frame["w"] = 1.0 if weights is None else np.asarray(weights, dtype=float)
        grouped = frame.groupby(["x", "tx", "T"], sort=False, as_index=False)["w"].sum()
        self.x = grouped["x"].to_numpy()
        self.tx = grouped["tx"].to_numpy()
        self.T = grouped["T"].to_numpy()
        self.w = grouped["w"].to_numpy()
        self.xu, self.idx = np.unique(self.x, return_inverse=True)
        self.n_customers = float(self.w.sum())
        #: The rows' distinct (x, t_x) and (x, T) pairs, found by the Pareto/NBD likelihood at
        #: its first evaluation (pareto_nbd.HistoryPairs).
        self.pareto_pairs = None


class PurchaseModel:
    """Base class: subclasses set ``_name``, ``_param_names``, ``_penalized`` and implement
    ``_negative_log_likelihood(theta, agg)`` and ``_start(agg, mean_T)``."""

    _name = "purchase model"
    _param_names: tuple[str, ...] = ()
    _penalized: tuple[str, ...] = ()

    def __init__(
        self,
        penalizer: float = 0.0,
        time_unit: str | None = None,
        maxiter: int = 1000,
        on_failure: str = "raise",
    ):
        self.penalizer = penalizer
        self.time_unit = time_unit
        self.maxiter = maxiter
        self.on_failure = on_failure

    def fit(self, data: pd.DataFrame, weights=None):
        """Fit by maximum likelihood.

        Parameters
        ----------
        data : pandas.DataFrame
            Columns ``frequency`` (repeat purchases), ``recency`` and ``T`` in one time
            unit, e.g. the output of :func:`customer_value.clv.rfm_summary`.
        weights : array-like, optional
            Number of customers each row stands for (default 1).

        Returns
        -------
        self
        """
        cols = check_frequency_recency_T(data, self._name)
        x, tx, T = cols["frequency"], cols["recency"], cols["T"]
        n = len(x) if weights is None else float(np.sum(weights))
        if len(x) < 2 and n < 2:
            raise ValueError(f"{self._name} needs at least 2 customers to fit; got {len(x)}")
        if not np.any(x > 0):
            raise ValueError(
                f"{self._name} cannot be fitted: no customer has a repeat purchase "
                "(all frequency == 0), so the drop-out parameters are not identified; "
                "the data must hold customers who bought on at least two different days: "
                "use a longer period of data"
            )
        agg = AggregatedData(x, tx, T, weights)
        if agg.x.size < 2:
            raise ValueError(
                f"{self._name} cannot be fitted: all {int(n)} customers have the same "
                "frequency, recency and T, so the spread of purchase and drop-out rates "
                "between customers is not identified; use more data (more customers or a "
                "longer period)"
            )
        logger.info("fitting %s on %d customers (%d unique rows)", self._name, int(n), agg.x.size)
        mean_T = float(np.average(T, weights=weights)) if np.any(T > 0) else 1.0
        result = maximize_likelihood(
            lambda theta: self._negative_log_likelihood(theta, agg),
            self._start(max(mean_T, 1e-3)),
            self._param_names,
            agg.n_customers,
            penalizer=self.penalizer,
            penalized=self._penalized,
            maxiter=self.maxiter,
            on_failure=self.on_failure,
            model_name=self._name,
        )
        result.store_on(self)
        self.n_customers_ = int(round(agg.n_customers))
        self.time_unit_ = self.time_unit or data.attrs.get("time_unit")
        self.data_ = data
        return self

    def probability_alive_under(self, thetas, x, tx, T) -> np.ndarray:
        """P(alive) of already checked histories under each row of parameters ``thetas``: one
        row per parameter row (the interval simulation's parameter draws)."""
        return np.vstack(
            [self._with_params(theta).probability_alive_arrays(x, tx, T) for theta in thetas]
        )

    def _with_params(self, theta):
        clone = copy.copy(self)
        clone.params_ = pd.Series(theta, index=self.params_.index)
        return clone

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise ValueError(f"{self._name} model is not fitted; call fit() first")

    def _arrays(self, data):
        self._check_fitted()
        data = self.data_ if data is None else data
        cols = check_frequency_recency_T(data, self._name)
        return data.index, cols["frequency"], cols["recency"], cols["T"]

    def expected_purchases_at(self, times, data: pd.DataFrame | None = None) -> np.ndarray:
        """Conditional expected purchases in ``(T, T + t]`` for each ``t`` of ``times``: an
        array of one row per customer of ``data`` and one column per ``t``. Models whose
        expectation factors into a part free of ``t`` (Pareto/NBD's P(alive)) compute that part
        once."""
        columns = [self.expected_purchases(t, data).to_numpy() for t in times]
        return np.column_stack(columns) if columns else np.empty((len(self._arrays(data)[0]), 0))

    def summary(self) -> pd.DataFrame:
        """Fitted parameters with standard errors."""
        self._check_fitted()
        return pd.DataFrame({"estimate": self.params_, "std_error": self.std_errors_})
