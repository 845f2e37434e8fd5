"""What a Python model says when the SQL layer left it no customer."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_value.clv_model_inputs import read_clv_inputs
from customer_value.empty_input import describe_line_fates, require_customers


def _quality(rows):
    return pd.DataFrame(rows, columns=["line_fate", "fate_detail", "lines"])


def test_every_sale_quarantined_names_the_main_reasons():
    quality = _quality([("quarantined", "zero_price", 76), ("quarantined", "no_customer_id", 24)])
    with pytest.raises(ValueError, match="no customer to model: every sale line was quarantined"):
        require_customers(pd.DataFrame({"customer_id": []}), quality)
    assert describe_line_fates(quality) == (
        "every sale line was quarantined: of 100 raw lines, 100 were quarantined"
        " (zero_price 76.0%, no_customer_id 24.0%), 0 are sales and 0 cancellations"
    )


def test_cancellations_only_and_sales_cancelled_in_full():
    assert describe_line_fates(_quality([("cancellation", "unmatched", 3)])).startswith(
        "no raw line is a sale: of 3 raw lines, 0 were quarantined, 0 are sales and 3"
    )
    fully_cancelled = _quality([("sale", "kept", 2), ("cancellation", "matched", 2)])
    assert describe_line_fates(fully_cancelled).startswith("every sale line was cancelled in full")


def test_customers_present_is_not_an_error_and_bad_input_is_named():
    require_customers(pd.DataFrame({"customer_id": ["A"]}), _quality([]))
    with pytest.raises(ValueError, match="lacks column"):
        describe_line_fates(pd.DataFrame({"lines": [1]}))


class _Relation:
    """What dbt.ref returns to a Python model on DuckDB, as far as .df() goes."""

    def __init__(self, frame):
        self.frame = frame

    def df(self):
        return self.frame


def test_clv_models_read_the_customer_days_and_the_latest_observation_end():
    days = pd.DataFrame({"customer_id": ["A"], "order_date": [pd.Timestamp("2011-01-03")]})
    rfm = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "observation_end_date": [pd.Timestamp("2011-12-09"), pd.Timestamp("2011-12-08")],
        }
    )
    read_days, end = read_clv_inputs(_Relation(days), _Relation(rfm), _Relation(_quality([])))
    assert read_days is days
    assert end == pd.Timestamp("2011-12-09")
    quarantined = _quality([("quarantined", "zero_price", 5)])
    empty = rfm.iloc[0:0]
    with pytest.raises(ValueError, match="no customer to model: every sale line was quarantined"):
        read_clv_inputs(_Relation(days), _Relation(empty), _Relation(quarantined))
