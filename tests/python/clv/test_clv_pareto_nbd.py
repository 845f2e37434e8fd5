"""Tests for customer_value.clv.pareto_nbd: recovery on simulated data, and the likelihood,
P(alive) and conditional expectation against values computed independently here by numerical
integration (scipy.integrate.quad) of the model's definition, not of its closed forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import quad
from scipy.special import gammaln

from customer_value.clv.pareto_nbd import ParetoNBDModel, log_likelihood_terms
from customer_value.clv.simulate import simulate_pareto_summary

# Published CDNOW estimates (Fader, Hardie & Lee 2005c; 2,357 customers, weeks)
CDNOW = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}
CASES = [  # (x, t_x, T): none, few, many purchases; alive-looking and gone-looking
    (0, 0.0, 38.86),
    (2, 30.43, 38.86),
    (2, 5.0, 38.86),
    (7, 36.0, 39.0),
    (40, 37.5, 38.0),
    (200, 30.0, 39.0),
]


def _bracket_by_quadrature(theta, x, tx, T):
    """The likelihood bracket from its definition: alive at T, or dead at u in (t_x, T]."""
    r, alpha, s, beta = theta
    first = (alpha + T) ** -(r + x) * (beta + T) ** -s
    integrand = lambda u: (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1)  # noqa: E731
    second = s * quad(integrand, tx, T, epsabs=0, epsrel=1e-12, limit=200)[0]
    return first, second


def _fitted(theta):
    model = ParetoNBDModel()
    model.params_ = pd.Series(theta, index=["r", "alpha", "s", "beta"])
    model.std_errors_ = model.params_ * np.nan
    model.data_ = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [1.0]})
    return model


@pytest.mark.parametrize("theta", [tuple(CDNOW.values()), (0.8, 5.0, 1.5, 2.0)])
@pytest.mark.parametrize(("x", "tx", "T"), CASES[:5])
def test_log_likelihood_against_quadrature(theta, x, tx, T):
    """Both alpha >= beta and alpha < beta branches of the hypergeometric form."""
    r, alpha, s, beta = theta
    first, second = _bracket_by_quadrature(theta, x, tx, T)
    expected = (
        gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + np.log(first + second)
    )
    got = log_likelihood_terms(np.array(theta), np.array([x]), np.array([tx]), np.array([T]))
    assert_allclose(got[0], expected, rtol=1e-9)


@pytest.mark.parametrize(("x", "tx", "T"), CASES[:5])
def test_p_alive_and_conditional_expectation_against_quadrature(x, tx, T):
    theta = tuple(CDNOW.values())
    r, alpha, s, beta = theta
    first, second = _bracket_by_quadrature(theta, x, tx, T)
    p_alive = first / (first + second)
    # alive at T: lambda ~ Gamma(r+x, alpha+T), mu ~ Gamma(s, beta+T); purchases in (T, T+t]
    # are lambda * min(t, remaining lifetime), E[min(t, tau) | mu] = (1 - exp(-mu t)) / mu
    shape, rate = s, beta + T
    log_norm = shape * np.log(rate) - gammaln(shape)
    density = lambda mu: np.exp(log_norm + (shape - 1) * np.log(mu) - rate * mu)  # noqa: E731

    def expected(t):
        lifetime = quad(lambda mu: density(mu) * -np.expm1(-mu * t) / mu, 0, np.inf, epsrel=1e-12)
        return p_alive * (r + x) / (alpha + T) * lifetime[0]

    data = pd.DataFrame({"frequency": [x], "recency": [tx], "T": [T]})
    model = _fitted(theta)
    assert_allclose(model.probability_alive(data).iloc[0], p_alive, rtol=1e-9)
    assert_allclose(model.expected_purchases(39.0, data).iloc[0], expected(39.0), rtol=1e-7)
    # several horizons at once (P(alive) computed once), as the monthly CLV sum asks for them
    times = [4.35, 13.0, 39.0, 52.18]
    at_once = model.expected_purchases_at(times, data)
    assert at_once.shape == (1, len(times))
    assert_allclose(at_once[0], [expected(t) for t in times], rtol=1e-7)


def test_large_frequencies_are_finite():
    model = _fitted(tuple(CDNOW.values()))
    data = pd.DataFrame({"frequency": [500, 2000], "recency": [38.0, 38.9], "T": [39.0, 39.0]})
    assert np.all(np.isfinite(model.expected_purchases(52.0, data)))
    assert np.all(np.isfinite(model.probability_alive(data)))
    ll = log_likelihood_terms(
        np.array(tuple(CDNOW.values())), np.array([2000.0]), np.array([38.9]), np.array([39.0])
    )
    assert np.isfinite(ll[0])


def test_new_customer_expectation_is_the_unconditional_formula():
    r, alpha, s, beta = CDNOW.values()
    t = 52.0
    expected = r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))
    assert_allclose(_fitted(tuple(CDNOW.values())).expected_purchases_new_customer(t), expected)


def test_recovers_simulated_parameters():
    """20,000 simulated customers at CDNOW-like parameters: within 15% (sampling error of
    these parameters at this size is about 5-8%)."""
    summary = simulate_pareto_summary(20_000, seed=11)
    model = ParetoNBDModel().fit(summary)
    assert model.converged_
    assert_allclose(model.params_.to_numpy(), list(CDNOW.values()), rtol=0.15)
    assert np.all(model.std_errors_ > 0)


def test_input_errors():
    with pytest.raises(ValueError, match="missing required column"):
        ParetoNBDModel().fit(pd.DataFrame({"frequency": [1, 2]}))
    with pytest.raises(ValueError, match="no customer has a repeat purchase"):
        ParetoNBDModel().fit(
            pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [1.0, 2.0]})
        )
    with pytest.raises(ValueError, match="not fitted"):
        ParetoNBDModel().probability_alive()


def test_bracket_over_distinct_pairs_equals_one_evaluation_per_history():
    # histories sharing (x, t_x) or (x, T) but not both, and repeated whole histories: the
    # integral is evaluated once per distinct pair and must give every history exactly what
    # its own evaluation gives
    from customer_value.clv.pareto_nbd import HistoryPairs, _log_bracket_terms, _log_m_integral

    x = np.array([0, 0, 2, 2, 2, 7, 7, 0, 2, 40], dtype=float)
    tx = np.array([0.0, 0.0, 30.0, 30.0, 5.0, 36.0, 20.0, 0.0, 30.0, 37.5])
    T = np.array([38.0, 20.0, 38.0, 39.0, 38.0, 39.0, 39.0, 38.0, 38.0, 38.0])
    pairs = HistoryPairs(x, tx, T)
    assert len(pairs.at_tx[0]) == 6 and len(pairs.at_T[0]) == 6  # of 10 histories
    for params in (CDNOW, {"r": 0.8, "alpha": 6.0, "s": 0.5, "beta": 20.0}):  # both branches
        theta = np.array(list(params.values()))
        first, second = _log_bracket_terms(theta, x, tx, T, pairs)
        for i in range(len(x)):
            one = _log_bracket_terms(theta, x[i : i + 1], tx[i : i + 1], T[i : i + 1])
            assert (first[i], second[i]) == (one[0][0], one[1][0])
        expected_at_T = _log_m_integral(theta, x, T)
        assert np.array_equal(_log_m_integral(theta, *pairs.at_T[:2])[pairs.at_T[2]], expected_at_T)
