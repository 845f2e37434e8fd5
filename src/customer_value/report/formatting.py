"""Number formatting for the report: GBP, percentages, counts, in the short forms a reader scans."""

from __future__ import annotations

import math


def is_missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def count(value: float) -> str:
    """A whole number with thousands separators: ``5,000``."""
    return "–" if is_missing(value) else f"{round(float(value)):,}"


def gbp(value: float, *, compact: bool = True) -> str:
    """Pounds sterling: ``£14.2m``, ``£8.5k``, ``£312`` (compact) or ``£14,181,445`` (full)."""
    if is_missing(value):
        return "–"
    value = float(value)
    sign = "-" if value < 0 else ""
    size = abs(value)
    if not compact:
        return f"{sign}£{size:,.0f}"
    if size >= 1e6:
        return f"{sign}£{size / 1e6:.1f}m"
    if size >= 1e4:
        return f"{sign}£{size / 1e3:.0f}k"
    if size >= 1e3:
        return f"{sign}£{size / 1e3:.1f}k"
    return f"{sign}£{size:.0f}"


def pct(share: float, digits: int = 0) -> str:
    """A 0-1 share as a percentage: ``0.4429`` -> ``44%``."""
    return "–" if is_missing(share) else f"{100 * float(share):.{digits}f}%"


def number(value: float, digits: int = 2) -> str:
    """A plain number with ``digits`` significant decimals, thousands separated."""
    if is_missing(value):
        return "–"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def tick(value: float) -> str:
    """An axis tick label: as short as the value allows (``0.5``, ``20``, ``1k``, ``10k``)."""
    value = float(value)
    size = abs(value)
    if size >= 1e6:
        text = f"{value / 1e6:g}m"
    elif size >= 1e3:
        text = f"{value / 1e3:g}k"
    else:
        text = f"{value:.6g}"
    return text
