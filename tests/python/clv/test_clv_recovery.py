"""Parameter recovery on the synthetic generator's known truth.

``customer_value.synthetic.simulate_customer_purchases`` draws BG/NBD purchases and
Gamma-Gamma spends in continuous time, then keeps day resolution: times are floored to
days and same-day purchases are merged into one customer-day (their spends summed). Both
steps bias the estimates a little (merging removes purchases of frequent buyers, raising
``alpha`` and lowering the spread; summing spends raises monetary values). Measured on
2 x 200k customers the bias is about +3% (r), +5% (alpha), -1 to -3% (a, b) and within
3% for Gamma-Gamma. With 100k customers the sampling standard errors are about 1% (r,
alpha), 2.5% (a), 3.5% (b) and 1-2% (p, q, gamma). Tolerances: rtol = 0.10 for BG/NBD
and 0.06 for Gamma-Gamma.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import BetaGeoModel, GammaGammaModel, rfm_summary
from customer_value.synthetic import DEFAULT_TRUE_PARAMETERS, simulate_customer_purchases

BGNBD_RTOL = 0.10
GAMMA_GAMMA_RTOL = 0.06


@pytest.fixture(scope="module")
def generator_summary():
    days = simulate_customer_purchases(100_000, seed=2024)
    return rfm_summary(days, "2011-12-09", time_unit="weeks")


def test_bgnbd_recovers_generator_parameters(generator_summary):
    truth = DEFAULT_TRUE_PARAMETERS
    model = BetaGeoModel().fit(generator_summary)
    assert model.converged_
    expected = [truth.r, truth.alpha, truth.a, truth.b]
    assert_allclose(model.params_[["r", "alpha", "a", "b"]].to_numpy(), expected, rtol=BGNBD_RTOL)


def test_gamma_gamma_recovers_generator_parameters(generator_summary):
    truth = DEFAULT_TRUE_PARAMETERS
    model = GammaGammaModel().fit(generator_summary)
    assert model.converged_
    expected = [truth.p, truth.q, truth.gamma]
    assert_allclose(model.params_[["p", "q", "gamma"]].to_numpy(), expected, rtol=GAMMA_GAMMA_RTOL)
    assert abs(model.frequency_monetary_corr_) < 0.3


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovery_large_samples(seed):
    """400k customers per seed: sampling error is small, what remains is the day-merge bias."""
    truth = DEFAULT_TRUE_PARAMETERS
    summary = rfm_summary(simulate_customer_purchases(400_000, seed=seed), "2011-12-09")
    bg = BetaGeoModel().fit(summary)
    gg = GammaGammaModel().fit(summary)
    assert_allclose(bg.params_.to_numpy(), [truth.r, truth.alpha, truth.a, truth.b], rtol=0.08)
    assert_allclose(gg.params_.to_numpy(), [truth.p, truth.q, truth.gamma], rtol=0.05)
    assert np.all(bg.std_errors_ > 0)
