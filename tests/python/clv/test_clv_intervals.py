"""The interval simulation draws from the models' own predictive distributions: over many draws
(fixed parameters) its mean purchases are each model's conditional expectation and its mean spend
is that times Gamma-Gamma's conditional spend per purchase."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from customer_value.clv import (
    BetaGeoModel,
    GammaGammaModel,
    ModifiedBetaGeoModel,
    ParetoNBDModel,
    predictive_intervals,
)
from customer_value.clv.intervals import (
    _purchase_draws,
    _row_quantiles,
    _spend_draws,
    alive_probabilities,
)

DRAWS = 20_000
HORIZON = 26.0

# one-time buyers (one of them twice, as many customers share a history), a recent regular, a
# lapsed regular, a heavy buyer
SUMMARY = pd.DataFrame(
    {
        "frequency": [0, 0, 0, 4, 4, 20],
        "recency": [0.0, 0.0, 0.0, 50.0, 10.0, 60.0],
        "T": [30.0, 30.0, 60.0, 52.0, 60.0, 61.0],
        "monetary_value": [0.0, 0.0, 0.0, 35.0, 35.0, 80.0],
    }
)


def _fixed(model, **params):
    """A model with these parameters and no parameter uncertainty (NaN covariance)."""
    model.params_ = pd.Series(params, dtype=float)
    names = list(params)
    model.covariance_ = pd.DataFrame(np.nan, index=names, columns=names)
    return model


PURCHASE_MODELS = {
    "bgnbd": lambda: _fixed(BetaGeoModel(), r=0.8, alpha=6.0, a=0.6, b=3.0),
    "mbgnbd": lambda: _fixed(ModifiedBetaGeoModel(), r=0.8, alpha=6.0, a=0.6, b=3.0),
    "pareto_nbd": lambda: _fixed(ParetoNBDModel(), r=0.8, alpha=6.0, s=0.5, beta=20.0),
}
GAMMA_GAMMA = dict(p=4.0, q=3.0, gamma=20.0)


@pytest.mark.parametrize("name", sorted(PURCHASE_MODELS))
def test_simulated_purchases_and_spend_average_to_the_conditional_expectations(name):
    model = PURCHASE_MODELS[name]()
    spend_model = _fixed(GammaGammaModel(), **GAMMA_GAMMA)
    rng = np.random.default_rng(7)
    thetas = np.tile(model.params_.to_numpy(), (DRAWS, 1))
    purchases = _purchase_draws(model, thetas, SUMMARY, HORIZON, rng)
    spend_thetas = np.tile(spend_model.params_.to_numpy(), (DRAWS, 1))
    spend = _spend_draws(spend_thetas, 0.0, SUMMARY, purchases, rng)

    expected = model.expected_purchases(HORIZON, SUMMARY).to_numpy()
    standard_error = purchases.std(axis=1) / np.sqrt(DRAWS)
    assert np.all(np.abs(purchases.mean(axis=1) - expected) < 4 * standard_error + 1e-9)
    # a draw in which the customer is not alive buys nothing
    p_dead = 1.0 - model.probability_alive(SUMMARY).to_numpy()
    assert np.all((purchases == 0).mean(axis=1) >= p_dead - 4 * np.sqrt(0.25 / DRAWS))

    per_purchase = spend_model.expected_spend(SUMMARY).to_numpy()
    standard_error = spend.std(axis=1) / np.sqrt(DRAWS)
    assert np.all(np.abs(spend.mean(axis=1) - expected * per_purchase) < 4 * standard_error)
    assert np.all(spend[purchases == 0] == 0.0) and np.all(spend[purchases > 0] > 0.0)


def test_customers_with_one_history_get_the_same_interval_in_distribution():
    """Two customers with the same history are simulated independently: with enough draws their
    intervals agree; the interval of the total holds the expected total."""
    model = PURCHASE_MODELS["bgnbd"]()
    bands = predictive_intervals(model, SUMMARY, HORIZON, n_draws=4000, seed=3)
    expected = model.expected_purchases(HORIZON, SUMMARY).to_numpy()
    assert bands.purchases_lower[0] == bands.purchases_lower[1]
    assert bands.purchases_upper[0] == bands.purchases_upper[1]
    assert np.all(bands.purchases_lower <= bands.purchases_upper)
    assert bands.total_purchases[0] <= expected.sum() <= bands.total_purchases[1]


def test_row_quantiles_are_numpys_linear_quantiles():
    rng = np.random.default_rng(11)
    counts = rng.poisson(0.7, (50, 200)).astype(float)
    spend = rng.gamma(2.0, 50.0, (50, 37))
    for draws in (counts, spend):
        for probabilities in ([0.1, 0.9], [0.0, 0.5, 1.0]):
            assert np.allclose(
                _row_quantiles(draws, probabilities),
                np.quantile(draws, probabilities, axis=1),
                rtol=1e-12,
                atol=1e-12,
            )


def _beta_geometric_count_pmf(model, n_max):
    """P(N = n), n = 0..n_max, of each SUMMARY customer's purchases over HORIZON, in closed form:
    alive with P(alive), then the posterior lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a, b+x+k);
    N = n when n Poisson purchases come and none ends the customer's life, or when n >= 1
    purchases come and the n-th ends it (FHL 2005a's eq. 8 with the posterior parameters)."""
    from scipy.special import betaln, gammaln

    r, alpha, a, b = model.params_.to_numpy()
    x = SUMMARY["frequency"].to_numpy(dtype=float)[:, None]
    T = SUMMARY["T"].to_numpy(dtype=float)[:, None]
    n = np.arange(n_max + 1, dtype=float)[None, :]
    shape, rate, b_post = r + x, alpha + T, b + x + model._k
    log_poisson_mix = (
        gammaln(shape + n)
        - gammaln(shape)
        - gammaln(n + 1)
        + shape * np.log(rate / (rate + HORIZON))
        + n * np.log(HORIZON / (rate + HORIZON))
    )
    negative_binomial = np.exp(log_poisson_mix)
    at_least = 1.0 - np.cumsum(negative_binomial, axis=1) + negative_binomial  # P(K >= n)
    survives = np.exp(betaln(a, b_post + n) - betaln(a, b_post))
    ends_at_n = np.where(n >= 1, np.exp(betaln(a + 1, b_post + n - 1) - betaln(a, b_post)), 0.0)
    fresh = survives * negative_binomial + ends_at_n * at_least
    p_alive = model.probability_alive(SUMMARY).to_numpy()[:, None]
    return p_alive * fresh + (1.0 - p_alive) * (n == 0)


@pytest.mark.parametrize("name", ["bgnbd", "mbgnbd"])
def test_simulated_purchase_counts_follow_the_closed_form_distribution(name):
    """Every count's share of the draws, not only their mean, is the model's own probability
    (within 4.5 standard errors): the dropout is drawn only where it can cut a count short."""
    model = PURCHASE_MODELS[name]()
    thetas = np.tile(model.params_.to_numpy(), (DRAWS, 1))
    purchases = _purchase_draws(model, thetas, SUMMARY, HORIZON, np.random.default_rng(5))
    exact = _beta_geometric_count_pmf(model, 6)
    shares = np.stack([(purchases == n).mean(axis=1) for n in range(7)], axis=1)
    standard_error = np.sqrt(exact * (1.0 - exact) / DRAWS)
    assert np.all(np.abs(shares - exact) < 4.5 * standard_error + 1e-4)


@pytest.mark.parametrize("name", sorted(PURCHASE_MODELS))
def test_alive_probabilities_of_all_customers_sliced_equal_each_chunks_own(name):
    # predictive_intervals computes P(alive) once for every customer and parameter draw, then
    # simulates in chunks: a chunk's slice must be what the chunk alone computes, so the
    # draws (same random stream) are the same
    model = PURCHASE_MODELS[name]()
    rng = np.random.default_rng(3)
    thetas = np.repeat(model.params_.to_numpy()[None, :] * rng.uniform(0.8, 1.2, (4, 4)), 3, 0)
    everyone = alive_probabilities(model, thetas, SUMMARY)
    assert everyone.by_history.shape == (4, 5)  # 4 parameter draws, 5 distinct histories
    for start, stop in ((0, 2), (2, 6), (1, 4)):
        part = SUMMARY.iloc[start:stop]
        own = alive_probabilities(model, thetas, part)
        sliced = everyone.of_customers(start, stop)
        for j in range(len(thetas)):
            mine = own.by_history[own.row_of_draw[j]][own.of_customer]
            from_all = sliced.by_history[sliced.row_of_draw[j]][sliced.of_customer]
            assert np.array_equal(mine, from_all)
        drawn_alone = _purchase_draws(model, thetas, part, HORIZON, np.random.default_rng(9))
        drawn_sliced = _purchase_draws(
            model, thetas, part, HORIZON, np.random.default_rng(9), sliced
        )
        assert np.array_equal(drawn_alone, drawn_sliced)
