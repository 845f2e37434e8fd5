"""What a Python model says when the SQL layer left it no customer."""

from __future__ import annotations

import pandas as pd
import pytest

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
