"""What a Python model says when the SQL layer left it no customer."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from customer_value.clv import summary
from customer_value.clv_model_inputs import read_clv_inputs, read_customer_days
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


def _customer_days():
    """A customer-day table as the warehouse holds it: unordered, DATE and DECIMAL."""
    con = duckdb.connect()
    con.sql(
        "create table days as select * from (values"
        " ('B', date '2011-01-05', 2, 10.5::decimal(18, 4)),"
        " ('A', date '2011-01-07', 1, 3.25::decimal(18, 4)),"
        " ('A', date '2011-01-03', 1, 7.0::decimal(18, 4))"
        ") as t(customer_id, order_date, order_count, net_revenue)"
    )
    return con.table("days")


def test_clv_models_read_the_customer_days_and_the_observation_window():
    window = pd.DataFrame({"observation_end_date": [pd.Timestamp("2011-12-09")]})
    read_days, end = read_clv_inputs(_customer_days(), _Relation(window), _Relation(_quality([])))
    assert read_days["customer_id"].tolist() == ["A", "A", "B"]
    assert end == pd.Timestamp("2011-12-09")


def test_clv_models_refuse_no_customer_day_saying_what_emptied_the_input():
    empty_days = duckdb.connect().sql(
        "select 'A' as customer_id, date '2011-01-03' as order_date, 1 as order_count,"
        " 7.0::decimal(18, 4) as net_revenue where false"
    )
    window = _Relation(pd.DataFrame({"observation_end_date": [pd.Timestamp("2011-12-09")]}))
    quarantined = _Relation(_quality([("quarantined", "zero_price", 5)]))
    with pytest.raises(ValueError, match="no customer to model: every sale line was quarantined"):
        read_clv_inputs(empty_days, window, quarantined)


@pytest.mark.parametrize(
    "window",
    [
        pd.DataFrame({"observation_end_date": []}),
        pd.DataFrame({"observation_end_date": [pd.NaT]}),
        pd.DataFrame({"observation_end_date": [pd.Timestamp("2011-12-09")] * 2}),
        pd.DataFrame({"last_day": [pd.Timestamp("2011-12-09")]}),
    ],
    ids=["no row", "null date", "two rows", "no such column"],
)
def test_an_observation_window_without_one_date_is_refused(window):
    with pytest.raises(ValueError, match="int_observation_window must hold one"):
        read_clv_inputs(_customer_days(), _Relation(window), _Relation(_quality([])))


def test_customer_days_are_read_prepared_so_the_clv_functions_only_check_them(
    full_preparations,
):
    days = _customer_days()
    read = read_customer_days(days)
    full = summary.prepare_customer_days(days.df(), "2011-12-09")
    full_preparations.clear()
    checked = summary.prepare_customer_days(read, "2011-12-09")
    assert full_preparations == []
    pd.testing.assert_frame_equal(checked, full)
    assert checked.attrs == full.attrs
    assert checked["net_revenue"].tolist() == [7.0, 3.25, 10.5]
