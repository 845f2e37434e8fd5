"""The Ward comparison: agreement with K-Means, its sample, and the assignments it reads."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_value.clustering import (
    assign_clusters,
    compare_with_ward,
)


def test_ward_agrees_on_well_separated_blobs(three_blobs):
    assert compare_with_ward(three_blobs[0], 3) > 0.95


def test_ward_uses_a_sample_and_is_deterministic(realistic):
    first = compare_with_ward(realistic, 3, sample_size=400)
    assert -1.0 <= first <= 1.0
    assert first == compare_with_ward(realistic.iloc[::-1], 3, sample_size=400)


def test_ward_reads_the_assignments_instead_of_refitting(realistic):
    fitted = compare_with_ward(realistic, 3, sample_size=400)
    assignments = assign_clusters(realistic, 3)
    assert compare_with_ward(realistic, 3, sample_size=400, assignments=assignments) == fitted
    # cluster numbering does not matter to the index
    renumbered = assignments.assign(cluster_id=(assignments["cluster_id"] + 1) % 3)
    assert compare_with_ward(realistic, 3, sample_size=400, assignments=renumbered) == fitted


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.iloc[1:], r"one row per customer of rfm"),
        (lambda a: pd.concat([a, a.iloc[:1]]), r"one row per customer of rfm"),
        (lambda a: a.assign(customer_id=a["customer_id"].astype(str) + "x"), r"lacks \d+ customer"),
        (lambda a: a.assign(cluster_id=a["cluster_id"] % 2), r"has 2 clusters; expected k=3"),
        (lambda a: a.drop(columns="cluster_id"), r"missing column\(s\): 'cluster_id'"),
    ],
)
def test_ward_rejects_assignments_that_do_not_fit_rfm(realistic, change, message):
    assignments = change(assign_clusters(realistic, 3))
    with pytest.raises(ValueError, match=message):
        compare_with_ward(realistic, 3, sample_size=400, assignments=assignments)
