"""Name clusters from their centroids, by documented rules, never by cluster number.

Each centroid is expressed in original units (days, orders, currency) and divided by the
population median of the same feature, giving ``recency_ratio``, ``frequency_ratio`` and
``monetary_ratio``. The first matching rule names the cluster:

1. ``VIP``: recency_ratio <= ``ACTIVE_MAX_RECENCY_RATIO`` and
   frequency_ratio >= ``HIGH_FREQUENCY_RATIO`` and monetary_ratio >= ``HIGH_MONETARY_RATIO``
   (recent, frequent and big-spending).
2. ``Loyal``: recency_ratio <= ``ACTIVE_MAX_RECENCY_RATIO`` and
   frequency_ratio >= ``HIGH_FREQUENCY_RATIO`` (recent and frequent, spend not high).
3. ``At Risk``: recency_ratio > ``ACTIVE_MAX_RECENCY_RATIO`` and
   (frequency_ratio >= ``HIGH_FREQUENCY_RATIO`` or monetary_ratio >= ``HIGH_MONETARY_RATIO``)
   (formerly frequent or valuable, no longer recent).
4. ``New``: recency_ratio <= ``NEW_MAX_RECENCY_RATIO`` and centroid frequency
   <= ``NEW_MAX_FREQUENCY`` orders (bought recently, about once).
5. ``Lapsed``: recency_ratio >= ``LAPSED_MIN_RECENCY_RATIO`` and frequency_ratio
   <= ``LOW_MAX_RATIO`` and monetary_ratio <= ``LOW_MAX_RATIO`` (long ago, low F and M).
6. ``Mass / Mid-value``: everything else.

``VIP`` is for a small top group only: just the most valuable cluster (by the ranking below) may
keep it, and only when it holds at most ``VIP_MAX_CUSTOMER_SHARE`` of the customers (when the
centroids carry a ``customers`` column); any other cluster that matched rule 1 is ``Loyal``.
Without this, a small k on a data set of mostly repeat buyers called most customers VIP (Online
Retail I at k = 3: 56%).

The median recency is floored at ``RECENCY_MEDIAN_FLOOR_DAYS`` so the ratio stays defined when
most customers bought on the last day. Names are made unique per run: clusters sharing a base
name are ordered by centroid monetary value (descending; ties by frequency descending, then
recency ascending, then input position) and suffixed ``" (higher spend)"`` / ``" (lower spend)"``
for two, ``" (spend tier i of n)"`` for three or more.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from customer_value.clustering.features import FEATURE_COLUMNS

#: A centroid at most this multiple of the median recency counts as active (recent).
ACTIVE_MAX_RECENCY_RATIO = 1.0
#: "New" needs a centroid recency at most this multiple of the median recency.
NEW_MAX_RECENCY_RATIO = 0.5
#: "Lapsed" needs a centroid recency at least this multiple of the median recency.
LAPSED_MIN_RECENCY_RATIO = 1.5
#: High frequency: centroid frequency at least this multiple of the median frequency.
HIGH_FREQUENCY_RATIO = 1.5
#: High spend: centroid monetary at least this multiple of the median monetary.
HIGH_MONETARY_RATIO = 1.5
#: Low frequency / spend: centroid at most this multiple of the median.
LOW_MAX_RATIO = 1.0
#: "New" needs a centroid frequency of at most this many orders (about one).
NEW_MAX_FREQUENCY = 1.5
#: "VIP" only for the most valuable cluster, and only when it holds at most this share of customers.
VIP_MAX_CUSTOMER_SHARE = 0.2
#: Floor on the median recency (days) used as the recency denominator.
RECENCY_MEDIAN_FLOOR_DAYS = 1.0

VIP = "VIP"
LOYAL = "Loyal"
AT_RISK = "At Risk"
NEW = "New"
LAPSED = "Lapsed"
MASS = "Mass / Mid-value"
BASE_NAMES = (VIP, LOYAL, AT_RISK, NEW, LAPSED, MASS)


def base_name(
    recency_ratio: float, frequency_ratio: float, monetary_ratio: float, frequency: float
) -> str:
    """Name one centroid by the first matching rule of the module table.

    Parameters
    ----------
    recency_ratio, frequency_ratio, monetary_ratio : float
        Centroid value divided by the population median of the feature.
    frequency : float
        Centroid frequency in orders (for the "New" rule).

    Returns
    -------
    str
        One of ``BASE_NAMES``.
    """
    active = recency_ratio <= ACTIVE_MAX_RECENCY_RATIO
    high_f = frequency_ratio >= HIGH_FREQUENCY_RATIO
    high_m = monetary_ratio >= HIGH_MONETARY_RATIO
    if active and high_f and high_m:
        return VIP
    if active and high_f:
        return LOYAL
    if not active and (high_f or high_m):
        return AT_RISK
    if recency_ratio <= NEW_MAX_RECENCY_RATIO and frequency <= NEW_MAX_FREQUENCY:
        return NEW
    if (
        recency_ratio >= LAPSED_MIN_RECENCY_RATIO
        and frequency_ratio <= LOW_MAX_RATIO
        and monetary_ratio <= LOW_MAX_RATIO
    ):
        return LAPSED
    return MASS


def centroid_ratios(centroids: pd.DataFrame, medians: Mapping[str, float]) -> pd.DataFrame:
    """Divide centroid values by the population medians.

    Parameters
    ----------
    centroids : pandas.DataFrame
        Columns ``recency_days``, ``frequency``, ``monetary`` in original units.
    medians : Mapping[str, float]
        Population medians keyed by the same column names.

    Returns
    -------
    pandas.DataFrame
        Columns ``recency_ratio``, ``frequency_ratio``, ``monetary_ratio``, same index.

    Raises
    ------
    ValueError
        If a centroid column or a median is missing, or a frequency/monetary median is <= 0.
    """
    missing = [c for c in FEATURE_COLUMNS if c not in centroids.columns]
    if missing:
        raise ValueError(f"centroids is missing column(s): {', '.join(map(repr, missing))}")
    missing = [c for c in FEATURE_COLUMNS if c not in medians]
    if missing:
        raise ValueError(f"medians is missing key(s): {', '.join(map(repr, missing))}")
    for column in ("frequency", "monetary"):
        if not float(medians[column]) > 0:
            raise ValueError(f"median {column!r} must be > 0, got {medians[column]!r}")
    recency_median = max(float(medians["recency_days"]), RECENCY_MEDIAN_FLOOR_DAYS)
    return pd.DataFrame(
        {
            "recency_ratio": centroids["recency_days"].astype(float) / recency_median,
            "frequency_ratio": centroids["frequency"].astype(float) / float(medians["frequency"]),
            "monetary_ratio": centroids["monetary"].astype(float) / float(medians["monetary"]),
        },
        index=centroids.index,
    )


def name_clusters(centroids: pd.DataFrame, medians: Mapping[str, float]) -> list[str]:
    """Unique, rule-based names for a set of centroids.

    Parameters
    ----------
    centroids : pandas.DataFrame
        One row per cluster with ``recency_days``, ``frequency``, ``monetary`` in original units
        and, optionally, ``customers`` (cluster size, for the VIP share limit).
    medians : Mapping[str, float]
        Population medians of the same three features.

    Returns
    -------
    list of str
        Names in the row order of ``centroids``, unique (see the module docstring for the rules,
        the VIP limit and the disambiguation suffixes).
    """
    ratios = centroid_ratios(centroids, medians)
    names = [
        base_name(r, f, m, freq)
        for r, f, m, freq in zip(
            ratios["recency_ratio"],
            ratios["frequency_ratio"],
            ratios["monetary_ratio"],
            centroids["frequency"].astype(float),
            strict=True,
        )
    ]
    # Rank by value: monetary desc, frequency desc, recency asc, position (lexsort: last key first).
    rank = np.lexsort(
        (
            np.arange(len(centroids)),
            centroids["recency_days"].to_numpy(dtype=float),
            -centroids["frequency"].to_numpy(dtype=float),
            -centroids["monetary"].to_numpy(dtype=float),
        )
    )
    top = int(rank[0])
    vip_allowed = {top}
    if "customers" in centroids.columns:
        sizes = centroids["customers"].to_numpy(dtype=float)
        if sizes[top] > VIP_MAX_CUSTOMER_SHARE * sizes.sum():
            vip_allowed = set()
    names = [LOYAL if n == VIP and i not in vip_allowed else n for i, n in enumerate(names)]
    unique = list(names)
    for name in dict.fromkeys(names):
        members = [i for i in rank if names[i] == name]
        n = len(members)
        if n == 1:
            continue
        for tier, i in enumerate(members, start=1):
            if n == 2:
                suffix = "higher spend" if tier == 1 else "lower spend"
            else:
                suffix = f"spend tier {tier} of {n}"
            unique[i] = f"{name} ({suffix})"
    return unique
