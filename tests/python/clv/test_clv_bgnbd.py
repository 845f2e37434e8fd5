"""Tests for the BG/NBD and MBG/NBD models (customer_value.clv.bgnbd / mbgnbd)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.special import hyp2f1

from customer_value.clv import BetaGeoModel, ConvergenceError, ModifiedBetaGeoModel
from customer_value.clv._beta_geometric import negative_log_likelihood
from customer_value.clv._purchase_model import AggregatedData
from customer_value.clv.simulate import simulate_summary

MODELS = [BetaGeoModel, ModifiedBetaGeoModel]
THETA = np.array([0.3, 5.0, 0.9, 2.0])


def summary_frame(frequency, recency, T, monetary_value=None) -> pd.DataFrame:
    """Build an RFM summary frame from arrays."""
    data = {"frequency": np.asarray(frequency), "recency": recency, "T": T}
    if monetary_value is not None:
        data["monetary_value"] = monetary_value
    return pd.DataFrame(data)


@pytest.fixture(scope="module")
def small_summary() -> pd.DataFrame:
    return simulate_summary(3000, seed=3)


@pytest.fixture(scope="module")
def fitted(small_summary):
    return {cls: cls().fit(small_summary) for cls in MODELS}


def _set_params(cls, theta=THETA):
    model = cls()
    model.params_ = pd.Series(theta, index=["r", "alpha", "a", "b"])
    return model


@pytest.mark.parametrize("k", [0, 1])
def test_gradient_matches_finite_differences(small_summary, k):
    s = small_summary.copy()
    s.loc[0, ["frequency", "recency", "T"]] = [500, 90.0, 100.0]
    agg = AggregatedData(s["frequency"].to_numpy(float), s["recency"].to_numpy(), s["T"].to_numpy())
    _, grad = negative_log_likelihood(THETA, agg, k)
    h = 1e-6
    numeric = [
        (
            negative_log_likelihood(THETA + e, agg, k)[0]
            - negative_log_likelihood(THETA - e, agg, k)[0]
        )
        / (2 * h)
        for e in np.eye(4) * h
    ]
    assert_allclose(grad, numeric, rtol=1e-5)


@pytest.mark.parametrize("cls", MODELS)
def test_log_likelihood_stable_for_frequency_500(cls):
    data = summary_frame([500, 800, 0], [99.0, 103.5, 0.0], [100.0, 104.0, 50.0])
    model = _set_params(cls)
    ll = model.log_likelihood(data)
    assert np.all(np.isfinite(ll))
    # reference in extended precision for the frequency-500 customer
    r, alpha, a, b = THETA
    x, tx, T = 500, 99.0, 100.0
    k = 0 if cls is BetaGeoModel else 1
    from math import lgamma

    def betaln_(u, v):
        return lgamma(u) + lgamma(v) - lgamma(u + v)

    base = lgamma(r + x) - lgamma(r) + r * np.log(alpha)
    l1 = betaln_(a, b + x + k) - betaln_(a, b) - (r + x) * np.log(alpha + T)
    l2 = betaln_(a + 1, b + x + k - 1) - betaln_(a, b) - (r + x) * np.log(alpha + tx)
    expected = base + max(l1, l2) + np.log1p(np.exp(min(l1, l2) - max(l1, l2)))
    assert_allclose(ll.iloc[0], expected, rtol=1e-12)
    agg = AggregatedData(data["frequency"].to_numpy(float), data["recency"], data["T"])
    value, grad = negative_log_likelihood(THETA, agg, k)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert np.all(np.isfinite(model.expected_purchases(52.0, data)))
    assert np.all(np.isfinite(model.probability_alive(data)))


def test_bgnbd_p_alive_is_one_without_repeat_purchases(fitted, small_summary):
    p = fitted[BetaGeoModel].probability_alive(small_summary)
    assert_allclose(p[small_summary["frequency"] == 0], 1.0)
    assert (p[small_summary["frequency"] > 0] < 1).all()


def test_mbgnbd_p_alive_below_one_without_repeat_purchases(fitted, small_summary):
    p = fitted[ModifiedBetaGeoModel].probability_alive(small_summary)
    assert (p[small_summary["frequency"] == 0] < 1).all()


@pytest.mark.parametrize("cls", MODELS)
def test_expected_purchases_zero_at_t0_and_increasing(cls, fitted, small_summary):
    model = fitted[cls]
    assert_allclose(model.expected_purchases(0.0), 0.0)
    e1 = model.expected_purchases(10.0).to_numpy()
    e2 = model.expected_purchases(20.0).to_numpy()
    assert np.all(e1 > 0) and np.all(e2 > e1)


@pytest.mark.parametrize("cls", MODELS)
def test_p_alive_increases_with_recency(cls):
    model = _set_params(cls)
    data = summary_frame([3] * 6, np.linspace(5, 50, 6), [52.0] * 6)
    p = model.probability_alive(data).to_numpy()
    assert np.all(np.diff(p) > 0)


@pytest.mark.parametrize("cls", MODELS)
def test_euler_transform_matches_direct_hypergeometric(cls):
    """Conditional expectation vs FHL 2005a eq. 10 written with the untransformed 2F1."""
    model = _set_params(cls)
    r, alpha, a, b = THETA
    k = 0 if cls is BetaGeoModel else 1
    x = np.array([0.0, 1.0, 2.0, 5.0])
    tx = np.array([0.0, 3.0, 10.0, 20.0])
    T = np.array([10.0, 30.0, 30.0, 40.0])
    t = 26.0
    c = a + b + x + k - 1
    direct = (
        c
        / (a - 1)
        * (
            1
            - ((alpha + T) / (alpha + T + t)) ** (r + x)
            * hyp2f1(r + x, b + x + k, c, t / (alpha + T + t))
        )
        * model.probability_alive(summary_frame(x, tx, T)).to_numpy()
    )
    assert_allclose(model.expected_purchases(t, summary_frame(x, tx, T)), direct, rtol=1e-9)


def test_new_customer_expectation_is_fhl_eq9():
    model = _set_params(BetaGeoModel)
    r, alpha, a, b = THETA
    t = 40.0
    eq9 = (
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    )
    assert_allclose(model.expected_purchases_new_customer(t), eq9, rtol=1e-10)


@pytest.mark.parametrize(("cls", "modified"), [(BetaGeoModel, False), (ModifiedBetaGeoModel, True)])
def test_expected_repeat_purchases_match_simulation(cls, modified):
    """Mean simulated frequency equals the model's E[X(T)] averaged over T."""
    truth = dict(r=0.25, alpha=4.0, a=0.8, b=2.5)
    sim = simulate_summary(200_000, **truth, modified=modified, seed=11)
    model = _set_params(cls, np.array(list(truth.values())))
    grid = np.linspace(0, 104, 209)[1:]
    expected = np.mean([model.expected_purchases_new_customer(t) for t in grid])
    assert_allclose(sim["frequency"].mean(), expected, rtol=0.02)


@pytest.mark.parametrize(("cls", "modified"), [(BetaGeoModel, False), (ModifiedBetaGeoModel, True)])
def test_exact_model_recovery(cls, modified):
    """Data drawn exactly from the model (continuous time, no day merging), 120k customers.

    Standard errors at this size: about 1% (r, alpha), 2-3% (a), 3% (BG/NBD b) and 6%
    (MBG/NBD b). Checks: every estimate within 4 standard errors of the truth, and within
    rtol = 0.15.
    """
    truth = np.array([0.25, 4.0, 0.8, 2.5])
    sim = simulate_summary(120_000, *truth, modified=modified, seed=5)
    model = cls().fit(sim)
    assert model.converged_
    assert_allclose(model.params_.to_numpy(), truth, rtol=0.15)
    within = np.abs(model.params_.to_numpy() - truth) < 4 * model.std_errors_.to_numpy()
    assert within.all()


@pytest.mark.parametrize("cls", MODELS)
def test_fit_attributes_and_weights(cls, small_summary, fitted):
    model = fitted[cls]
    assert model.converged_ and model.n_iter_ > 0 and isinstance(model.optimizer_message_, str)
    assert model.n_customers_ == len(small_summary)
    assert np.isfinite(model.log_likelihood_) and model.log_likelihood_ < 0
    assert_allclose(model.log_likelihood_, model.log_likelihood().sum(), rtol=1e-10)
    assert np.all(model.std_errors_ > 0)
    assert list(model.summary().columns) == ["estimate", "std_error"]
    # four copies of every customer: same estimates, standard errors halved
    weighted = cls().fit(small_summary, weights=np.full(len(small_summary), 4.0))
    assert_allclose(weighted.params_, model.params_, rtol=1e-4)
    assert_allclose(weighted.std_errors_, model.std_errors_ / 2, rtol=1e-2)


def test_penalizer_shrinks_log_shapes(small_summary, fitted):
    plain = fitted[BetaGeoModel]
    shrunk = BetaGeoModel(penalizer=0.01).fit(small_summary)
    shapes = ["r", "a", "b"]
    assert np.sum(np.log(shrunk.params_[shapes]) ** 2) < np.sum(np.log(plain.params_[shapes]) ** 2)
    with pytest.raises(ValueError, match="penalizer must be >= 0"):
        BetaGeoModel(penalizer=-1).fit(small_summary)


@pytest.mark.parametrize("cls", [BetaGeoModel, ModifiedBetaGeoModel])
def test_penalized_fit_does_not_depend_on_the_time_unit(small_summary, cls):
    """The penalty is on log shapes only: a fit in days is the fit in weeks with alpha x 7."""
    weeks = cls(penalizer=0.05).fit(small_summary)
    days = cls(penalizer=0.05).fit(
        small_summary.assign(recency=small_summary["recency"] * 7, T=small_summary["T"] * 7)
    )
    assert_allclose(days.params_["alpha"], 7 * weeks.params_["alpha"], rtol=1e-4)
    assert_allclose(days.params_[["r", "a", "b"]], weeks.params_[["r", "a", "b"]], rtol=1e-4)


def test_time_unit_scaling(small_summary):
    weeks = BetaGeoModel().fit(small_summary)
    days = BetaGeoModel().fit(
        small_summary.assign(recency=small_summary["recency"] * 7, T=small_summary["T"] * 7)
    )
    assert_allclose(days.params_["alpha"], 7 * weeks.params_["alpha"], rtol=1e-4)
    assert_allclose(days.params_[["r", "a", "b"]], weeks.params_[["r", "a", "b"]], rtol=1e-4)


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.drop(columns="T"), "missing required column.*T"),
        (lambda d: d.assign(frequency=-1), "frequency must hold non-negative integers"),
        (lambda d: d.assign(frequency=d["frequency"] + 0.5), "frequency must hold non-negative"),
        (lambda d: d.assign(recency=d["T"] + 1), "recency must not exceed T"),
        (lambda d: d.assign(recency=-1.0), "recency must be non-negative"),
        (lambda d: d.assign(T=np.nan), "column T contains null"),
        (lambda d: d.assign(frequency=0, recency=0.0), "no customer has a repeat purchase"),
        (lambda d: d.head(1), "at least 2 customers"),
        (
            lambda d: d.assign(recency=np.where(d["frequency"] == 0, d["T"] / 2, d["recency"])),
            "recency must be 0 when frequency is 0",
        ),
    ],
)
def test_input_errors(cls, small_summary, change, message):
    with pytest.raises(ValueError, match=message):
        cls().fit(change(small_summary.copy()))


@pytest.mark.parametrize("cls", MODELS)
def test_convergence_failure_raises_or_warns(cls, small_summary):
    with pytest.raises(ConvergenceError, match="did not converge after 1 iterations"):
        cls(maxiter=1).fit(small_summary)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = cls(maxiter=1, on_failure="warn").fit(small_summary)
    assert any("did not converge" in str(w.message) for w in caught)
    assert not model.converged_


def test_predictions_need_fit_and_valid_t(fitted):
    with pytest.raises(ValueError, match="not fitted"):
        BetaGeoModel().probability_alive()
    with pytest.raises(ValueError, match="t must be a non-negative number"):
        fitted[BetaGeoModel].expected_purchases(-1.0)


def test_probability_of_purchase_bounds(fitted, small_summary):
    model = fitted[BetaGeoModel]
    p = model.probability_of_purchase(26.0)
    assert ((p >= 0) & (p <= model.probability_alive())).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_allclose(model.probability_of_purchase(0.0), 0.0)
