"""Tests for customer_value.clv.gamma_gamma."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import ConvergenceError, GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.simulate import simulate_summary


def summary_frame(frequency, recency, T, monetary_value=None) -> pd.DataFrame:
    """Build an RFM summary frame from arrays."""
    data = {"frequency": np.asarray(frequency), "recency": recency, "T": T}
    if monetary_value is not None:
        data["monetary_value"] = monetary_value
    return pd.DataFrame(data)


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return simulate_summary(5000, p=6.0, q=4.0, gamma=15.0, seed=9)


@pytest.fixture(scope="module")
def fitted(summary) -> GammaGammaModel:
    return GammaGammaModel().fit(summary)


def _neg_ll(theta, data):
    """The fitter's objective, rebuilt through a fit with maxiter=0 is not possible, so
    recompute the textbook log-likelihood (Fader & Hardie 2013, eq. 4) directly."""
    from scipy.special import gammaln

    p, q, g = theta
    rep = data["frequency"] > 0
    x = data.loc[rep, "frequency"].to_numpy(float)
    m = data.loc[rep, "monetary_value"].to_numpy()
    ll = (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(g)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(g + m * x)
    )
    return -ll.sum()


def test_log_likelihood_and_gradient_at_optimum(fitted, summary):
    """The fitted log-likelihood equals eq. 4 and its finite-difference gradient is ~0."""
    theta = fitted.params_.to_numpy()
    assert_allclose(-_neg_ll(theta, summary), fitted.log_likelihood_, rtol=1e-12)
    h = 1e-6 * theta
    grad = [
        (_neg_ll(theta + e, summary) - _neg_ll(theta - e, summary)) / (2 * e.max())
        for e in np.diag(h)
    ]
    # gradient of the mean negative log-likelihood w.r.t. log-parameters
    assert np.max(np.abs(np.array(grad) * theta / fitted.n_customers_)) < 1e-4


def test_analytic_gradient_matches_finite_differences(summary, monkeypatch):
    captured = {}
    import customer_value.clv.gamma_gamma as gg_module

    def capture(neg_ll, x0, *args, **kwargs):
        captured["f"] = neg_ll
        raise ConvergenceError("stop")

    monkeypatch.setattr(gg_module, "maximize_likelihood", capture)
    with pytest.raises(ConvergenceError):
        GammaGammaModel().fit(summary)
    theta = np.array([3.0, 5.0, 20.0])
    _, grad = captured["f"](theta)
    numeric = []
    for e in np.eye(3) * 1e-6 * theta:
        numeric.append((captured["f"](theta + e)[0] - captured["f"](theta - e)[0]) / (2 * e.max()))
    assert_allclose(grad, numeric, rtol=1e-5)
    assert_allclose(captured["f"](theta)[0], _neg_ll(theta, summary), rtol=1e-12)


def test_fit_attributes(fitted, summary):
    assert fitted.converged_
    assert fitted.n_customers_ == int((summary["frequency"] > 0).sum())
    assert np.all(fitted.std_errors_ > 0)
    assert abs(fitted.frequency_monetary_corr_) < 0.3


def test_expected_spend_is_weighted_mean(fitted, summary):
    spend = fitted.expected_spend(summary).to_numpy()
    pop = fitted.mean_spend_
    rep = summary["frequency"].to_numpy() > 0
    m = summary["monetary_value"].to_numpy()
    lo, hi = np.minimum(m, pop), np.maximum(m, pop)
    assert np.all((spend[rep] >= lo[rep] - 1e-9) & (spend[rep] <= hi[rep] + 1e-9))
    assert_allclose(spend[~rep], pop)
    p, q, g = fitted.params_
    assert_allclose(pop, p * g / (q - 1))


def test_expected_spend_moves_towards_observed_mean_with_frequency(fitted):
    data = summary_frame([1, 5, 50], [1, 1, 1], [2, 2, 2], monetary_value=[100.0] * 3)
    spend = fitted.expected_spend(data).to_numpy()
    assert np.all(np.diff(np.abs(spend - 100.0)) < 0)


def test_correlation_warning(summary):
    data = summary.assign(monetary_value=summary["monetary_value"] * summary["frequency"])
    with pytest.warns(
        UserWarning, match="Pearson correlation between frequency and monetary_value"
    ):
        model = GammaGammaModel().fit(data)
    assert model.frequency_monetary_corr_ > 0.3


def test_no_repeat_customers():
    data = summary_frame([0, 0, 0], [0, 0, 0], [5, 6, 7], monetary_value=[0, 0, 0.0])
    with pytest.raises(NoRepeatCustomersError, match=r"needs repeat customers \(frequency > 0\)"):
        GammaGammaModel().fit(data)


def test_single_repeat_customer():
    data = summary_frame([0, 2], [0, 3], [5, 6], monetary_value=[0, 10.0])
    with pytest.raises(ValueError, match="at least 2 repeat customers"):
        GammaGammaModel().fit(data)


@pytest.mark.parametrize("bad", [0.0, -5.0])
def test_non_positive_spend(summary, bad):
    data = summary.copy()
    data.loc[data.index[data["frequency"] > 0][0], "monetary_value"] = bad
    with pytest.raises(ValueError, match="monetary_value must be strictly positive"):
        GammaGammaModel().fit(data)


def test_missing_column(summary):
    with pytest.raises(ValueError, match="missing required column.*monetary_value"):
        GammaGammaModel().fit(summary.drop(columns="monetary_value"))


def test_convergence_failure(summary):
    with pytest.raises(ConvergenceError, match="Gamma-Gamma maximum likelihood did not converge"):
        GammaGammaModel(maxiter=1).fit(summary)


def test_penalized_fit_does_not_depend_on_the_currency_unit(summary):
    """The penalty is on log p and log q only: spend in pence is spend in pounds with gamma x
    100, and a penalizer of 0.01 moves a large-sample mean spend by under 5%."""
    pounds = GammaGammaModel(penalizer=0.01).fit(summary)
    pence = GammaGammaModel(penalizer=0.01).fit(
        summary.assign(monetary_value=summary["monetary_value"] * 100)
    )
    assert_allclose(pence.params_["gamma"], 100 * pounds.params_["gamma"], rtol=1e-4)
    assert_allclose(pence.params_[["p", "q"]], pounds.params_[["p", "q"]], rtol=1e-4)
    plain = GammaGammaModel().fit(summary)
    assert_allclose(pounds.mean_spend_, plain.mean_spend_, rtol=0.05)
