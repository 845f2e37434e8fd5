"""Each window fitted once: models restored from the fits table predict exactly as fitted ones."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from customer_value.clv import (
    calibration_fits,
    clv_parameters,
    holdout_predictions,
    observation_fits,
    predict,
    predict_customer_value,
)
from customer_value.clv.fit_store import FIT_COLUMNS

END = "2011-12-09"


def _through_duckdb(frame: pd.DataFrame) -> pd.DataFrame:
    """As a dbt Python model reads it back: stored in a DuckDB table, then .df()."""
    with duckdb.connect() as con:
        con.register("fits", frame)
        con.sql("create table stored as select * from fits")
        return con.sql("select * from stored").df()


@pytest.fixture(scope="module")
def fits(customer_days):
    return _through_duckdb(observation_fits(customer_days, END))


def test_fits_table_holds_every_model_and_its_covariance(fits):
    assert tuple(fits.columns) == FIT_COLUMNS
    sizes = fits.groupby("model_name").size().to_dict()
    assert sizes == {"bgnbd": 16, "mbgnbd": 16, "pareto_nbd": 16, "gamma_gamma": 9}
    bgnbd = fits.loc[fits["model_name"] == "bgnbd"]
    covariance = bgnbd.pivot(
        index="parameter_name", columns="paired_parameter_name", values="covariance"
    )
    pd.testing.assert_frame_equal(covariance, covariance.T, check_names=False)
    diagonal = bgnbd.loc[bgnbd["parameter_name"] == bgnbd["paired_parameter_name"]]
    assert (diagonal["covariance"] ** 0.5 - diagonal["std_error"]).abs().max() < 1e-12


def test_restored_models_predict_exactly_as_fitted_ones(customer_days, fits):
    pd.testing.assert_frame_equal(
        clv_parameters(customer_days, END, fits=fits), clv_parameters(customer_days, END)
    )
    pd.testing.assert_frame_equal(
        predict_customer_value(customer_days, END, fits=fits),
        predict_customer_value(customer_days, END),
    )


def test_restored_calibration_models_predict_exactly_as_fitted_ones(customer_days):
    stored = _through_duckdb(calibration_fits(customer_days, END, holdout_days=180))
    assert set(stored["fitted_through"].dt.date) == {pd.Timestamp("2011-06-12").date()}
    pd.testing.assert_frame_equal(
        holdout_predictions(customer_days, END, holdout_days=180, n_draws=50, fits=stored),
        holdout_predictions(customer_days, END, holdout_days=180, n_draws=50),
    )


def test_fits_of_another_window_are_refused(customer_days, fits):
    with pytest.raises(ValueError, match=r"fitted through .*2011-12-09.*not through .*2011-06-12"):
        holdout_predictions(customer_days, END, holdout_days=180, fits=fits)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="covariance"), r"fits is missing column\(s\): 'covariance'"),
        (lambda f: f.assign(model_name="weibull"), r"fits name unknown model\(s\) \['weibull'\]"),
    ],
)
def test_bad_fits_are_refused(customer_days, fits, change, message):
    with pytest.raises(ValueError, match=message):
        clv_parameters(customer_days, END, fits=change(fits))


def test_fits_of_other_customers_are_refused(customer_days, fits):
    fewer = customer_days.loc[customer_days["customer_id"] != customer_days["customer_id"].iloc[0]]
    with pytest.raises(ValueError, match=r"stored bgnbd fit was made on 3000 customers .* 2999"):
        predict_customer_value(fewer, END, fits=fits)


def test_the_parameter_table_from_fits_reads_only_the_customers(customer_days, fits, monkeypatch):
    expected = clv_parameters(customer_days, END)

    def no_summary(*args, **kwargs):
        raise AssertionError("the window was summarised again")

    monkeypatch.setattr(predict, "fit_clv_models", no_summary)
    pd.testing.assert_frame_equal(clv_parameters(customer_days, END, fits=fits), expected)
    fewer = customer_days.loc[customer_days["customer_id"] != customer_days["customer_id"].iloc[0]]
    with pytest.raises(ValueError, match=r"stored bgnbd fit was made on 3000 customers .* 2999"):
        clv_parameters(fewer, END, fits=fits)


def test_fits_without_gamma_gamma_give_the_fallback_spend_row(customer_days, fits):
    table = clv_parameters(customer_days, END, fits=fits.loc[fits["model_name"] != "gamma_gamma"])
    fallback = table.loc[table["model_name"] == "population_mean_spend"].iloc[0]
    assert fallback["estimate"] == pytest.approx(customer_days["net_revenue"].mean())
    assert fallback["customers_fitted"] == customer_days["customer_id"].nunique()
    assert "gamma_gamma" not in set(table["model_name"])
