"""Shared fixtures of the clustering tests (tables from clustering_data)."""

from __future__ import annotations

import pytest

from clustering_data import (
    AT_RISK_CENTRE,
    LAPSED_CENTRE,
    MASS_CENTRE,
    NEW_CENTRE,
    VIP_CENTRE,
    make_blobs,
    make_realistic,
)


@pytest.fixture(scope="module")
def three_blobs():
    return make_blobs([VIP_CENTRE, MASS_CENTRE, LAPSED_CENTRE], [150, 300, 150])


@pytest.fixture(scope="module")
def five_groups():
    # Mass is the majority, so population medians sit inside it.
    centres = [VIP_CENTRE, AT_RISK_CENTRE, MASS_CENTRE, NEW_CENTRE, LAPSED_CENTRE]
    return make_blobs(centres, [100, 100, 500, 100, 100], seed=3)


@pytest.fixture(scope="module")
def realistic():
    return make_realistic()
