"""Which calibration customers the holdout validation predicts for.

Every model is fitted on all calibration customers; beyond ``sample_size`` of them the holdout
predictions (200 simulated draws per customer and model, the ML windows) and their metrics cover
a sample of that many. The metrics are rates, errors and shares whose sampling error at 100,000
customers is far below the differences between models, while the cost of predicting grows with
every customer.
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

#: Calibration customers the holdout predicts for at most (dbt config holdout_sample_size).
DEFAULT_SAMPLE_SIZE = 100_000


def holdout_sample(customer_ids: pd.Series, sample_size: int | None) -> np.ndarray:
    """Positions (ascending) of the customers the holdout predicts for: all of them when there
    are at most ``sample_size`` (or it is None), else the ``sample_size`` customers whose ids
    hash lowest. The sample depends on the ids alone, not on their order or on the run: the
    same data gives the same sample in a full and in an incremental build, and a customer
    leaves it only when ``sample_size`` customers hashing lower have been seen."""
    n = len(customer_ids)
    if sample_size is None or n <= sample_size:
        return np.arange(n)
    if sample_size < 2:
        raise ValueError(
            f"holdout_sample_size must be at least 2 customers (or None for all); got {sample_size}"
        )
    ids = np.asarray(customer_ids, dtype=object)
    # ties of the 64-bit hash go to the lower id: the order of the rows cannot matter
    order = np.lexsort((ids, pd.util.hash_array(ids)))
    return np.sort(order[:sample_size])


def restricted_to_sample(fitted, sample_size: int | None):
    """``fitted`` with its summaries cut to :func:`holdout_sample` (the models are unchanged)."""
    keep = holdout_sample(fitted.summary["customer_id"], sample_size)
    if len(keep) == len(fitted.summary):
        return fitted
    logger.info(
        "validation: predicting the holdout for a sample of %d of the %d calibration customers "
        "(holdout_sample_size)",
        len(keep),
        len(fitted.summary),
    )

    def cut(frame: pd.DataFrame) -> pd.DataFrame:
        part = frame.iloc[keep].reset_index(drop=True)
        part.attrs = dict(frame.attrs)
        return part

    return dataclasses.replace(
        fitted, summary=cut(fitted.summary), fit_summary=cut(fitted.fit_summary)
    )
