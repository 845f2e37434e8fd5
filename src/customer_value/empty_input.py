"""The message a dbt Python model gives when the SQL layer left it no customer: what upstream
emptied its input, from the raw lines' fates in the mart ``data_quality_summary``."""

from __future__ import annotations

import pandas as pd

#: Quarantine reasons listed in the message, most frequent first.
MAX_REASONS = 3


def describe_line_fates(data_quality: pd.DataFrame) -> str:
    """One sentence on where the raw lines went, e.g. ``every sale line was quarantined: of
    1,200 raw lines, 1,200 were quarantined (zero_price 76.0%, no_customer_id 24.0%), 0 are
    sales and 0 cancellations``.

    Parameters
    ----------
    data_quality : pandas.DataFrame
        The mart ``data_quality_summary``: ``line_fate``, ``fate_detail`` and ``lines``.
    """
    missing = {"line_fate", "fate_detail", "lines"} - set(data_quality.columns)
    if missing:
        raise ValueError(f"data_quality_summary lacks column(s) {', '.join(sorted(missing))}")
    total = int(data_quality["lines"].sum())
    if total == 0:
        return "the raw files have no line"
    by_fate = data_quality.groupby("line_fate")["lines"].sum()
    sales = int(by_fate.get("sale", 0))
    cancellations = int(by_fate.get("cancellation", 0))
    quarantined = data_quality.loc[data_quality["line_fate"] == "quarantined"].sort_values(
        ["lines", "fate_detail"], ascending=[False, True]
    )
    reasons = ", ".join(
        f"{row.fate_detail} {100 * row.lines / total:.1f}%"
        for row in quarantined.head(MAX_REASONS).itertuples()
    )
    counts = (
        f"of {total:,} raw lines, {int(quarantined['lines'].sum()):,} were quarantined"
        + (f" ({reasons})" if reasons else "")
        + f", {sales:,} are sales and {cancellations:,} cancellations"
    )
    if sales == 0 and len(quarantined):
        return f"every sale line was quarantined: {counts}"
    if sales == 0:
        return f"no raw line is a sale: {counts}"
    return f"every sale line was cancelled in full: {counts}"


def require_customers(rfm: pd.DataFrame, data_quality: pd.DataFrame) -> None:
    """Raise ``ValueError`` saying what emptied the input when ``rfm`` has no customer.

    Parameters
    ----------
    rfm : pandas.DataFrame
        The mart ``customer_rfm``, or the customer days the CLV models read: empty when no
        customer is left.
    data_quality : pandas.DataFrame
        The mart ``data_quality_summary``.
    """
    if len(rfm) == 0:
        raise ValueError(
            f"no customer to model: {describe_line_fates(data_quality)}. See file_load_quality "
            "and int_transactions_quarantined for the lines and their reasons."
        )
