"""Tests for customer_value.clv.predict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from customer_value.clv import (
    NoRepeatCustomersError,
    clv_parameters,
    customer_value_table,
    fit_clv_models,
    parameter_table,
    population_mean_spend,
    predict_customer_value,
)
from customer_value.clv.predict import CUSTOMER_VALUE_COLUMNS, PARAMETER_COLUMNS


@pytest.fixture(scope="module")
def fitted(customer_days):
    return fit_clv_models(customer_days, "2011-12-09")


def test_predict_customer_value_columns_and_identities(customer_days):
    everything = predict_customer_value(customer_days, "2011-12-09", horizon_months=12)
    assert list(everything.columns) == list(CUSTOMER_VALUE_COLUMNS)
    assert set(everything["clv_model"]) == {"bgnbd", "mbgnbd", "pareto_nbd"}
    out = everything.loc[everything["clv_model"] == "bgnbd"]
    assert out["customer_id"].is_unique
    assert len(out) == customer_days["customer_id"].nunique()
    assert (out["expected_purchases_lower"] <= out["expected_purchases"] + 1e-9).mean() > 0.95
    assert (out["predicted_clv_lower"] <= out["predicted_clv_upper"]).all()
    assert out["p_alive"].between(0, 1).all()
    assert_allclose(
        out["expected_spend"], out["expected_purchases"] * out["expected_average_spend"]
    )
    # discounting at 1% a month: CLV below the undiscounted spend but above 1/1.01^12 of it
    assert (out["predicted_clv"] < out["expected_spend"]).all()
    assert (out["predicted_clv"] > out["expected_spend"] / 1.01**12).all()
    assert out["ml_purchase_probability"].between(0, 1).all()
    assert (out["ml_predicted_spend"] >= 0).all()
    assert out.notna().all().all()


def test_customer_value_table_margin_and_no_ml(fitted):
    base = customer_value_table(fitted, margin=1.0, clv_models=("bgnbd",))
    half = customer_value_table(fitted, margin=0.5, clv_models=("bgnbd",))
    assert_allclose(half["predicted_clv"], 0.5 * base["predicted_clv"])
    assert base["ml_predicted_spend"].isna().all()


def test_two_threads_give_the_same_table(fitted, customer_days, monkeypatch):
    """Above TWO_THREADS_FROM_CUSTOMERS the parts run on two threads: the same table, bit for
    bit (each part draws from its own seeded generator); an error in a part still stops it."""
    from customer_value.clv import predict

    one = customer_value_table(fitted, customer_days, n_draws=50)
    monkeypatch.setattr(predict, "TWO_THREADS_FROM_CUSTOMERS", 2)
    threads = []
    run_parts = predict._run_parts
    monkeypatch.setattr(
        predict, "_run_parts", lambda parts, n: threads.append(n) or run_parts(parts, n)
    )
    two = customer_value_table(fitted, customer_days, n_draws=50)
    assert threads == [2]
    pd.testing.assert_frame_equal(two, one)

    def broken(*args):
        raise ValueError("a part failed")

    monkeypatch.setattr(predict, "_ml_columns", broken)
    with pytest.raises(ValueError, match="a part failed"):
        customer_value_table(fitted, customer_days, n_draws=50)


def test_ml_columns_nan_when_window_too_short(customer_days):
    recent = customer_days.loc[customer_days["order_date"] >= "2011-09-01"]
    with pytest.warns(RuntimeWarning, match="ML columns left NaN"):
        out = predict_customer_value(recent, "2011-12-09", horizon_months=12)
    assert out["ml_purchase_probability"].isna().all()
    assert out["predicted_clv"].notna().all()


def test_parameter_table(fitted, customer_days):
    table = parameter_table(fitted)
    assert list(table.columns) == list(PARAMETER_COLUMNS)
    assert list(table["model_name"]) == (
        ["bgnbd"] * 4 + ["mbgnbd"] * 4 + ["pareto_nbd"] * 4 + ["gamma_gamma"] * 3
    )
    assert list(table["parameter_name"]) == (
        ["r", "alpha", "a", "b"] * 2 + ["r", "alpha", "s", "beta"] + ["p", "q", "gamma"]
    )
    assert (table["std_error"] > 0).all()
    purchase_models = table["model_name"].isin(["bgnbd", "mbgnbd", "pareto_nbd"])
    assert (table.loc[purchase_models, "time_unit"] == "weeks").all()
    assert table.loc[~purchase_models, "time_unit"].isna().all()
    assert (table["fitted_through"] == pd.Timestamp("2011-12-09").date()).all()
    n = customer_days["customer_id"].nunique()
    assert (table.loc[table["model_name"] == "bgnbd", "customers_fitted"] == n).all()
    assert (table.loc[table["model_name"] == "gamma_gamma", "customers_fitted"] < n).all()
    pd.testing.assert_frame_equal(clv_parameters(customer_days, "2011-12-09"), table)


def test_gamma_gamma_fallback(customer_days, monkeypatch):
    import customer_value.clv.fitting as predict_module

    def no_repeat(self, data):
        raise NoRepeatCustomersError("Gamma-Gamma needs repeat customers (frequency > 0)")

    monkeypatch.setattr(predict_module.GammaGammaModel, "fit", no_repeat)
    with pytest.warns(RuntimeWarning, match="Gamma-Gamma not fitted"):
        fitted = fit_clv_models(customer_days, "2011-12-09")
    mean = population_mean_spend(customer_days, "2011-12-09")
    assert_allclose(mean, customer_days["net_revenue"].mean())
    out = customer_value_table(fitted, clv_models=("bgnbd",))
    assert_allclose(out["expected_average_spend"], mean)
    table = parameter_table(fitted)
    assert table["model_name"].iloc[-1] == "population_mean_spend"


def test_predict_errors(tiny_days):
    with pytest.raises(ValueError, match="at least 2 customers"):
        predict_customer_value(tiny_days.loc[tiny_days["customer_id"] == "a"], "2011-03-01")
    single = tiny_days.drop_duplicates("customer_id")
    with pytest.raises(ValueError, match="no customer has a repeat purchase"):
        predict_customer_value(single, "2011-03-01")
    with pytest.raises(ValueError, match="net_revenue must be strictly positive"):
        predict_customer_value(tiny_days.assign(net_revenue=-1.0), "2011-03-01")
    assert np.isfinite(population_mean_spend(tiny_days, "2011-03-01"))


def test_comparison_model_refitted_with_a_small_penalizer(customer_days, monkeypatch):
    import customer_value.clv.fitting as fitting_module
    from customer_value.clv import ConvergenceError, ParetoNBDModel

    original = ParetoNBDModel.fit

    def flat_ridge(self, data, weights=None):
        if self.penalizer == 0:
            raise ConvergenceError("Pareto/NBD maximum likelihood did not converge")
        return original(self, data, weights)

    monkeypatch.setattr(ParetoNBDModel, "fit", flat_ridge)
    with pytest.warns(RuntimeWarning, match="refitted with penalizer 0.001"):
        fitted = fit_clv_models(customer_days, "2011-12-09")
    assert fitted.purchase_models["pareto_nbd"].penalizer == fitting_module.RETRY_PENALIZER
