"""Input checks for the CLV model fitters (ValueError naming the bad column)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def require_columns(data: pd.DataFrame, columns: tuple[str, ...], what: str) -> dict:
    """Return the named columns as float arrays after checking presence and finiteness."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{what} expects a pandas DataFrame with columns {list(columns)}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"{what}: data is missing required column(s): {', '.join(missing)}")
    out = {}
    for col in columns:
        try:
            values = np.asarray(data[col].astype("float64"), dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{what}: column {col} must be numeric ({exc})") from exc
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{what}: column {col} contains null or infinite values")
        out[col] = values
    return out


def check_frequency_recency_T(data: pd.DataFrame, what: str) -> dict:
    """Validate a frequency/recency/T summary (non-negative, recency <= T, integer counts)."""
    cols = require_columns(data, ("frequency", "recency", "T"), what)
    x, tx, T = cols["frequency"], cols["recency"], cols["T"]
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError(f"{what}: column frequency must hold non-negative integers")
    if np.any(tx < 0):
        raise ValueError(f"{what}: column recency must be non-negative")
    if np.any(T < 0):
        raise ValueError(f"{what}: column T must be non-negative")
    if np.any(tx > T * (1 + 1e-12) + 1e-12):
        raise ValueError(f"{what}: column recency must not exceed T")
    if np.any((x == 0) & (tx > 0)):
        raise ValueError(f"{what}: column recency must be 0 when frequency is 0")
    return cols
