"""Input errors: every function refuses bad RFM tables and arguments with a message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustering_data import small_rfm
from customer_value.clustering import (
    assign_clusters,
    chosen_k,
    compare_with_ward,
    fit_clusters,
    search_k,
)

ALL_FUNCTIONS = [
    lambda rfm: search_k(rfm, k_max=2, sample_size=10),
    lambda rfm: assign_clusters(rfm, 2),
    lambda rfm: compare_with_ward(rfm, 2),
]


@pytest.mark.parametrize("call", ALL_FUNCTIONS)
@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda df: df.drop(columns="monetary"), "missing required column.*'monetary'"),
        (lambda df: df.drop(columns="customer_id"), "missing required column.*'customer_id'"),
        (lambda df: df.iloc[:0], "rfm is empty"),
        (lambda df: df.iloc[:1], "single customer"),
        (lambda df: df.assign(monetary=[1000.0, 0.0, 20.0, 40.0]), "'monetary'.*non-positive"),
        (lambda df: df.assign(monetary=[1000.0, -5.0, 20.0, 40.0]), "'monetary'.*non-positive"),
        (lambda df: df.assign(recency_days=[1, -1, 200, 300]), "'recency_days'.*negative"),
        (lambda df: df.assign(frequency=[10, 0, 1, 2]), "'frequency'.*below 1"),
        (lambda df: df.assign(monetary=[1000.0, None, 20.0, 40.0]), "'monetary' has 1 missing"),
        (lambda df: df.assign(monetary=[1000.0, np.inf, 20.0, 40.0]), "'monetary'.*non-finite"),
        (lambda df: df.assign(frequency=["x", "y", "z", "w"]), "'frequency' must be numeric"),
        (lambda df: df.assign(customer_id=["a", "a", "c", "d"]), "'customer_id' has 1 dup"),
        (lambda df: df.assign(customer_id=["a", None, "c", "d"]), "'customer_id' has missing"),
    ],
)
def test_invalid_rfm_raises(call, mutate, message):
    with pytest.raises(ValueError, match=message):
        call(mutate(small_rfm()))


@pytest.mark.parametrize("call", ALL_FUNCTIONS)
def test_non_dataframe_raises(call):
    with pytest.raises(TypeError, match="rfm must be a pandas DataFrame"):
        call(small_rfm().to_dict())


def test_k_larger_than_distinct_customers_raises():
    rfm = small_rfm()
    rfm.loc[1, ["recency_days", "frequency", "monetary"]] = rfm.loc[
        0, ["recency_days", "frequency", "monetary"]
    ]
    with pytest.raises(ValueError, match=r"k=4 exceeds the number of distinct customers \(3"):
        assign_clusters(rfm, 4)
    with pytest.raises(ValueError, match=r"k=4 exceeds the number of distinct customers"):
        compare_with_ward(rfm, 4)
    with pytest.raises(ValueError, match=r"k_max=4 exceeds the number of distinct customers"):
        search_k(rfm, k_min=2, k_max=4, sample_size=10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k_min": 1}, r"k_min must be an integer >= 2, got 1"),
        ({"k_min": 4, "k_max": 3}, r"k_min \(4\) must be <= k_max \(3\)"),
        ({"k_max": 2.5}, r"k_max must be an integer >= 2"),
        ({"k_max": 3, "sample_size": 3}, r"sample_size \(3\) must be greater than k_max \(3\)"),
        ({"k_max": 3, "seed": -1}, r"seed must be an integer >= 0"),
    ],
)
def test_search_k_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        search_k(small_rfm(), **kwargs)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda rfm: assign_clusters(rfm, 1), r"k must be an integer >= 2, got 1"),
        (lambda rfm: assign_clusters(rfm, True), r"k must be an integer >= 2, got True"),
        (lambda rfm: fit_clusters(rfm, 2, seed="x"), r"seed must be an integer >= 0"),
        (lambda rfm: compare_with_ward(rfm, 1), r"k must be an integer >= 2"),
        (lambda rfm: compare_with_ward(rfm, 3, sample_size=2), r"sample_size \(2\) must be >= k"),
    ],
)
def test_k_argument_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call(small_rfm())


def test_chosen_k_needs_exactly_one_chosen_row():
    table = pd.DataFrame({"k": [3, 4], "is_chosen": [False, False]})
    with pytest.raises(ValueError, match="exactly one k as chosen; found 0"):
        chosen_k(table)
