"""Input validation and the feature space shared by every clustering function.

Why log1p, then z-score
-----------------------
Frequency and monetary value are heavily right-skewed: most customers order once or twice and
spend little, while a few wholesale "whales" order hundreds of times and spend thousands of times
the median. K-Means minimises squared Euclidean distance, so on raw values those few whales own
the objective: centroids are spent separating them and the bulk of the base collapses into one
cluster. ``log1p`` compresses the tails (it is also defined at ``recency_days == 0``) so that
distances reflect ratios ("twice as frequent") rather than absolute gaps. The three log features
still live on different scales (log-days, log-orders, log-currency), and Euclidean distance is
scale-sensitive, so each is then standardised to mean 0 and standard deviation 1 (population
standard deviation, ``ddof=0``) so that recency, frequency and monetary weigh equally. A constant
feature (e.g. every customer ordered once) has its scale set to 1 so it contributes nothing rather
than dividing by zero.

Rows are sorted by ``customer_id`` before any fitting or sampling, which makes every result
independent of the input row order.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

ID_COLUMN = "customer_id"
FEATURE_COLUMNS = ("recency_days", "frequency", "monetary")
REQUIRED_COLUMNS = (ID_COLUMN, *FEATURE_COLUMNS)


@dataclass(frozen=True)
class RFMFeatures:
    """Validated RFM values and their standardised log features, sorted by customer id.

    Attributes
    ----------
    customer_id : numpy.ndarray
        Customer ids, shape ``(n,)``, sorted ascending.
    raw : numpy.ndarray
        ``recency_days, frequency, monetary`` in original units as float, shape ``(n, 3)``.
    z : numpy.ndarray
        Standardised ``log1p`` features, shape ``(n, 3)``.
    log_mean, log_scale : numpy.ndarray
        Mean and scale (population standard deviation, 1 for a constant column) of the
        ``log1p`` features, shape ``(3,)``; ``z = (log1p(raw) - log_mean) / log_scale``.
    medians : pandas.Series
        Population medians of the three features in original units, indexed by feature name.
    n_distinct : int
        Number of distinct ``(recency_days, frequency, monetary)`` points.
    """

    customer_id: np.ndarray
    raw: np.ndarray
    z: np.ndarray
    log_mean: np.ndarray
    log_scale: np.ndarray
    medians: pd.Series
    n_distinct: int

    @property
    def n_customers(self) -> int:
        """Number of customers."""
        return len(self.customer_id)

    def to_original_units(self, z: np.ndarray) -> np.ndarray:
        """Map points of the standardised space back to days, orders and currency.

        Parameters
        ----------
        z : numpy.ndarray
            Points in the standardised ``log1p`` space, shape ``(m, 3)``.

        Returns
        -------
        numpy.ndarray
            ``expm1(z * log_scale + log_mean)``, shape ``(m, 3)``. For a K-Means centroid this
            is the geometric-type mean of the members (``expm1`` of the mean ``log1p``).
        """
        return np.expm1(np.asarray(z, dtype=float) * self.log_scale + self.log_mean)


def check_int(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as ``int`` if it is an integer ``>= minimum``, else raise.

    Parameters
    ----------
    name : str
        Argument name used in the error message.
    value : object
        Value to check; ``bool`` is rejected.
    minimum : int
        Smallest accepted value.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``value`` is not an integer or is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _numeric_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    series = frame[column]
    n_missing = int(series.isna().sum())
    if n_missing:
        raise ValueError(f"column {column!r} has {n_missing} missing value(s)")
    try:
        # astype(float) also converts decimal.Decimal objects from a DuckDB DECIMAL column.
        values = series.astype(float).to_numpy(dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"column {column!r} must be numeric") from err
    if not np.isfinite(values).all():
        raise ValueError(f"column {column!r} has non-finite values")
    return values


def prepare_features(rfm: pd.DataFrame) -> RFMFeatures:
    """Validate the RFM mart and build the standardised ``log1p`` feature matrix.

    Parameters
    ----------
    rfm : pandas.DataFrame
        One row per customer with ``customer_id``, ``recency_days`` (>= 0), ``frequency``
        (>= 1) and ``monetary`` (> 0; ``decimal.Decimal`` accepted). Other columns are ignored.

    Returns
    -------
    RFMFeatures
        Values sorted by ``customer_id``.

    Raises
    ------
    TypeError
        If ``rfm`` is not a DataFrame.
    ValueError
        If a required column is missing, the frame is empty or has a single customer,
        ``customer_id`` is missing or duplicated, a feature is missing, non-numeric or
        non-finite, ``recency_days < 0``, ``frequency < 1`` or ``monetary <= 0``.
    """
    if not isinstance(rfm, pd.DataFrame):
        raise TypeError(f"rfm must be a pandas DataFrame, got {type(rfm).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in rfm.columns]
    if missing:
        raise ValueError(f"rfm is missing required column(s): {', '.join(map(repr, missing))}")
    if len(rfm) == 0:
        raise ValueError("rfm is empty: clustering needs at least 2 customers; use more data")
    if len(rfm) == 1:
        raise ValueError(
            "rfm has a single customer: clustering needs at least 2 customers (K-Means at "
            "least k_min distinct ones); use more data"
        )

    ids = rfm[ID_COLUMN]
    if ids.isna().any():
        raise ValueError(f"column {ID_COLUMN!r} has missing values")
    n_duplicated = int(ids.duplicated().sum())
    if n_duplicated:
        raise ValueError(f"column {ID_COLUMN!r} has {n_duplicated} duplicated value(s)")

    raw = np.column_stack([_numeric_column(rfm, c) for c in FEATURE_COLUMNS])
    recency, frequency, monetary = raw.T
    if (recency < 0).any():
        raise ValueError("column 'recency_days' has negative values; it must be >= 0")
    if (frequency < 1).any():
        raise ValueError("column 'frequency' has values below 1; it must be >= 1")
    if (monetary <= 0).any():
        raise ValueError("column 'monetary' has non-positive values; it must be > 0")

    try:
        order = np.argsort(ids.to_numpy(), kind="stable")
    except TypeError as err:
        raise ValueError(f"column {ID_COLUMN!r} mixes types that cannot be sorted") from err
    raw = raw[order]

    logs = np.log1p(raw)
    log_mean = logs.mean(axis=0)
    log_scale = logs.std(axis=0)
    log_scale = np.where(log_scale > 0, log_scale, 1.0)
    z = (logs - log_mean) / log_scale

    medians = pd.Series(np.median(raw, axis=0), index=list(FEATURE_COLUMNS))
    n_distinct = int((~pd.DataFrame(raw).duplicated()).sum())
    return RFMFeatures(
        customer_id=ids.to_numpy()[order],
        raw=raw,
        z=z,
        log_mean=log_mean,
        log_scale=log_scale,
        medians=medians,
        n_distinct=n_distinct,
    )


def check_k_fits(
    k: int, features: RFMFeatures, name: str = "k", setting: str | None = None
) -> None:
    """Raise if there are fewer distinct customers than clusters.

    Parameters
    ----------
    k : int
        Number of clusters requested.
    features : RFMFeatures
        Prepared features.
    name : str, default "k"
        Argument name for the error message.
    setting : str, optional
        Where the user sets ``name`` (e.g. a dbt config), named in the message.

    Raises
    ------
    ValueError
        If ``k`` exceeds the number of distinct ``(recency, frequency, monetary)`` points.
    """
    if k > features.n_distinct:
        raise ValueError(
            f"{name}={k} exceeds the number of distinct customers "
            f"({features.n_distinct} distinct RFM points among {features.n_customers} "
            f"customers); lower {name}{f' ({setting})' if setting else ''} or use more data"
        )


def sample_indices(n: int, sample_size: int, seed: int) -> np.ndarray:
    """Fixed-seed sample of row positions, sorted; all rows when ``n <= sample_size``.

    Parameters
    ----------
    n : int
        Number of rows.
    sample_size : int
        Maximum number of rows to keep.
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        Sorted integer positions, without replacement.
    """
    if n <= sample_size:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=sample_size, replace=False))
