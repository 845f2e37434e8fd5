"""Time units shared by the CLV summary, the models and the CLV calculation.

One month is defined as ``365.25 / 12 = 30.4375`` days (the mean Gregorian month), so one
month is ``30.4375 / 7 = 4.348214...`` weeks. A week is 7 days.
"""

from __future__ import annotations

DAYS_PER_MONTH = 365.25 / 12.0
DAYS_PER_UNIT: dict[str, float] = {"days": 1.0, "weeks": 7.0, "months": DAYS_PER_MONTH}


def days_per_unit(time_unit: str) -> float:
    """Number of days in one ``time_unit`` ("days", "weeks" or "months")."""
    try:
        return DAYS_PER_UNIT[time_unit]
    except KeyError:
        raise ValueError(
            f"time_unit must be one of {sorted(DAYS_PER_UNIT)}; got {time_unit!r} "
            "(var btyd_time_unit)"
        ) from None


def months_to_units(months: float, time_unit: str) -> float:
    """Convert a number of months (30.4375 days each) to ``time_unit``."""
    return months * DAYS_PER_MONTH / days_per_unit(time_unit)
