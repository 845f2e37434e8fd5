"""Tests for customer_value.clv.validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from customer_value.clv import (
    calibration_plot_table,
    holdout_predictions,
    summary,
    validate_models,
    validation_metrics,
)
from customer_value.clv.holdout_metrics import METRICS, _in_fixed_order, metric_winners
from customer_value.clv.holdout_sample import holdout_sample
from customer_value.clv.validation import MODELS, as_of_calibration_end

CORE_METRICS = [m for m in METRICS if "interval" not in m and "pit" not in m]
STATIONARY = ["bgnbd_gamma_gamma", "mbgnbd_gamma_gamma", "pareto_nbd_gamma_gamma"]


@pytest.fixture(scope="module")
def predictions(customer_days):
    return holdout_predictions(customer_days, "2011-12-09", holdout_days=180, seed=42)


@pytest.fixture(scope="module")
def table(predictions):
    return validation_metrics(predictions)


@pytest.fixture(scope="module")
def metrics(table):
    return table.set_index(["model", "metric"])["value"]


def test_every_model_metric_pair(metrics):
    assert set(metrics.index) == {(m, k) for m in MODELS for k in METRICS}
    assert metrics.loc[[(m, k) for m in MODELS for k in CORE_METRICS]].notna().all()
    # intervals for the stationary probabilistic models only
    intervals = [k for k in METRICS if "interval" in k or "pit" in k]
    assert metrics.loc[[(m, k) for m in STATIONARY for k in intervals]].notna().all()
    assert metrics.loc[[("naive_carry_forward", k) for k in intervals]].isna().all()


def test_winner_per_metric(table):
    winners = table.drop_duplicates("metric").set_index("metric")["winner"]
    values = table.set_index(["metric", "model"])["value"]
    assert pd.isna(winners["customers"])
    assert winners["spend_mae"] == values["spend_mae"].idxmin()
    assert winners["buy_again_auc"] == values["buy_again_auc"].idxmax()
    assert winners["total_spend_pct_error"] == values["total_spend_pct_error"].abs().idxmin()
    coverage = (values["purchases_interval_coverage"] - 0.8).abs()
    assert winners["purchases_interval_coverage"] == coverage.idxmin()
    assert (table["is_winner"] == (table["winner"] == table["model"])).all()
    assert table.loc[table["is_winner"], "metric"].is_unique


def test_metric_winners_rules():
    long = pd.DataFrame(
        {
            "model": ["a", "b", "a", "b", "a", "b"],
            "metric": ["spend_mae"] * 2 + ["total_spend_pct_error"] * 2 + ["customers"] * 2,
            "value": [2.0, 1.0, -3.0, 5.0, 10.0, 10.0],
        }
    )
    winners = metric_winners(long)
    assert winners["spend_mae"] == "b"
    assert winners["total_spend_pct_error"] == "a"
    assert pd.isna(winners["customers"])


def test_purchase_intervals_cover_about_80_percent(metrics):
    """Data simulated from BG/NBD: its 80% intervals hold about 80% of customers (counts are
    discrete, so a bit more), and the interval of the total holds the actual total."""
    coverage = metrics[("bgnbd_gamma_gamma", "purchases_interval_coverage")]
    assert 0.75 <= coverage <= 0.95
    assert 0.75 <= metrics[("bgnbd_gamma_gamma", "purchases_pit_coverage")] <= 0.85
    assert metrics[("bgnbd_gamma_gamma", "total_purchases_interval_low_pct")] < 0
    assert metrics[("bgnbd_gamma_gamma", "total_purchases_interval_high_pct")] > 0


def test_metric_values_are_sane(metrics):
    for model in MODELS:
        if model.endswith("_seasonal"):
            continue  # a stationary simulation: the index is noise around 1
        assert 0.5 < metrics[(model, "buy_again_auc")] <= 1.0
        assert 0.1 <= metrics[(model, "top10pct_revenue_share")] <= 1.0
        assert metrics[(model, "purchases_spearman")] > 0
        assert metrics[(model, "purchases_rmse")] >= metrics[(model, "purchases_mae")] > 0
        assert metrics[(model, "spend_rmse")] >= metrics[(model, "spend_mae")] > 0
    # the data follow BG/NBD + Gamma-Gamma, so those models predict the totals well
    assert abs(metrics[("bgnbd_gamma_gamma", "total_purchases_pct_error")]) < 15
    assert abs(metrics[("bgnbd_gamma_gamma", "total_spend_pct_error")]) < 25
    assert metrics[("bgnbd_gamma_gamma", "buy_again_auc")] > 0.75


def test_predictions_table(predictions, customer_days):
    assert set(predictions["model"]) == set(MODELS)
    per_model = predictions.groupby("model").size()
    assert (per_model == per_model.iloc[0]).all()
    assert predictions.attrs["calibration_end"].strftime("%Y-%m-%d") == "2011-06-12"
    assert np.isfinite(predictions[["predicted_purchases", "predicted_spend"]].to_numpy()).all()


def test_holdout_sample_is_fixed_by_the_ids():
    ids = pd.Series([f"C{n:05d}" for n in range(500)])
    assert list(holdout_sample(ids, None)) == list(range(500))
    assert list(holdout_sample(ids, 500)) == list(range(500))
    keep = holdout_sample(ids, 120)
    assert len(keep) == 120 and (np.diff(keep) > 0).all()
    # the same customers whatever the row order, and a smaller sample is part of a larger one
    shuffled = ids.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert set(shuffled.iloc[holdout_sample(shuffled, 120)]) == set(ids.iloc[keep])
    assert set(ids.iloc[holdout_sample(ids, 60)]) <= set(ids.iloc[keep])
    # spread over the ids, not the first ones
    assert ids.iloc[keep].max() > "C00400" and ids.iloc[keep].min() < "C00100"
    with pytest.raises(ValueError, match="holdout_sample_size must be at least 2"):
        holdout_sample(ids, 1)


def test_a_sampled_holdout_predicts_as_the_full_one(customer_days, predictions):
    """With more calibration customers than sample_size, the table holds the sample alone; the
    models are the ones fitted on everyone, so every prediction but the simulated intervals is
    the full run's for the same customers."""
    sampled = holdout_predictions(
        customer_days, "2011-12-09", holdout_days=180, seed=42, sample_size=700
    )
    per_model = sampled.groupby("model").size()
    assert set(per_model.index) == set(MODELS) and (per_model == 700).all()
    full_customers = predictions.loc[predictions["model"] == MODELS[0], "customer_id"]
    expected_ids = full_customers.iloc[holdout_sample(full_customers, 700)]
    assert set(sampled["customer_id"]) == set(expected_ids)
    exact = [
        "calibration_frequency",
        "history_treatment",
        "predicted_purchases",
        "predicted_spend",
        "purchase_probability",
        "actual_purchases",
        "actual_spend",
    ]
    keys = ["model", "customer_id"]
    same = sampled.merge(predictions, on=keys, suffixes=("", "_full"), validate="one_to_one")
    assert len(same) == len(sampled)
    for column in exact:
        pd.testing.assert_series_equal(
            same[column], same[f"{column}_full"], check_names=False, obj=column
        )
    bands = sampled.loc[sampled["model"] == "bgnbd_gamma_gamma"]
    assert bands[["purchases_lower", "purchases_upper", "purchases_pit"]].notna().all().all()
    assert (bands["purchases_lower"] <= bands["purchases_upper"]).all()


def test_calibration_plot_table(predictions):
    table = calibration_plot_table(predictions)
    assert list(table.columns) == [
        "model",
        "frequency_bucket",
        "frequency_label",
        "customers",
        "mean_predicted_purchases",
        "mean_actual_purchases",
    ]
    for model in MODELS:
        rows = table.loc[table["model"] == model]
        assert list(rows["frequency_bucket"]) == list(range(8))
        assert rows["frequency_label"].iloc[-1] == "7+"
        assert rows["customers"].sum() == (predictions["model"] == model).sum()
    bg = table.loc[table["model"] == "bgnbd_gamma_gamma"]
    actual = bg["mean_actual_purchases"].to_numpy()
    predicted = bg["mean_predicted_purchases"].to_numpy()
    assert actual[-1] > actual[1] and predicted[-1] > predicted[1]
    assert np.corrcoef(actual, predicted)[0, 1] > 0.9


def test_validate_models_small_and_errors(tiny_days):
    with pytest.raises(ValueError, match="holdout_days must be positive"):
        validate_models(tiny_days, "2011-03-01", holdout_days=0)
    with pytest.raises(ValueError, match="at least 2 customers first seen in calibration"):
        validate_models(tiny_days, "2011-03-01", holdout_days=55)


def test_calibration_sees_the_days_netted_as_of_the_calibration_end(customer_days):
    """A purchase day cancelled in full in the holdout is gone from the full-window customer
    days but still a calibration purchase: calibration frequency must count it."""
    end = "2011-12-09"
    cal_end = pd.Timestamp(end) - pd.Timedelta(days=180)
    days = customer_days.copy()
    days["order_date"] = pd.to_datetime(days["order_date"])
    in_cal = days["order_date"] <= cal_end
    counts = days.loc[in_cal].groupby("customer_id").size()
    victim = counts[counts >= 3].index[0]
    # the full-window table lost the victim's last calibration day to a holdout cancellation
    last_day = days.loc[in_cal & (days["customer_id"] == victim), "order_date"].max()
    netted = days.loc[~((days["customer_id"] == victim) & (days["order_date"] == last_day))]
    calibration = days.loc[in_cal]
    leaky = holdout_predictions(netted, end, holdout_days=180, seed=1)
    fixed = holdout_predictions(netted, end, holdout_days=180, seed=1, calibration_days=calibration)

    def frequency(preds):
        rows = preds.loc[
            (preds["model"] == "naive_carry_forward") & (preds["customer_id"] == victim)
        ]
        return int(rows["calibration_frequency"].iloc[0])

    assert frequency(fixed) == counts[victim] - 1
    assert frequency(leaky) == counts[victim] - 2
    with pytest.raises(ValueError, match="calibration_days has rows after the calibration end"):
        holdout_predictions(netted, end, holdout_days=180, calibration_days=days)


def test_prepared_inputs_give_prepared_calibration_days(customer_days, full_preparations):
    """Prepared customer days and calibration days (as the dbt models read them) combine into a
    frame already in customer-day order: preparing it only checks it, and it is what the full
    preparation of the combination gives."""
    end = pd.Timestamp("2011-12-09")
    cal_end = end - pd.Timedelta(days=180)
    days = summary.prepare_customer_days(customer_days, end)
    calibration = days.loc[days["order_date"] <= cal_end].copy()
    # a calibration day a holdout cancellation later reduced: more revenue as of calibration
    calibration.loc[calibration.index[3], "net_revenue"] += 5.0
    combined = as_of_calibration_end(days, calibration, cal_end)
    full = summary._validated(combined, end)
    full_preparations.clear()
    checked = summary.prepare_customer_days(combined, end)
    assert full_preparations == []
    pd.testing.assert_frame_equal(checked, full)
    assert len(checked) == len(days)
    assert checked["net_revenue"].sum() == pytest.approx(days["net_revenue"].sum() + 5.0)


def test_metrics_do_not_depend_on_the_row_order(predictions):
    """The warehouse returns rows in no fixed order: shuffled predictions give the same metrics
    and calibration table to the last bit."""
    shuffled = predictions.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(validation_metrics(shuffled), validation_metrics(predictions))
    pd.testing.assert_frame_equal(
        calibration_plot_table(shuffled), calibration_plot_table(predictions)
    )
    ordered = shuffled.sort_values(["model", "customer_id"], ignore_index=True)
    pd.testing.assert_frame_equal(validation_metrics(ordered), validation_metrics(predictions))


def test_rows_already_in_order_are_not_sorted_again(predictions, monkeypatch):
    """The dbt model reads the rows ordered by the warehouse; only out-of-order rows are sorted."""
    ordered = predictions.sample(frac=1.0, random_state=5).sort_values(["model", "customer_id"])
    shuffled = ordered.sample(frac=1.0, random_state=6)
    repeated = pd.concat([ordered.iloc[:1], ordered], ignore_index=True)

    def no_sort(*args, **kwargs):
        raise AssertionError("sorted again")

    monkeypatch.setattr(pd.DataFrame, "sort_values", no_sort)
    kept = _in_fixed_order(ordered)
    pd.testing.assert_frame_equal(kept, ordered.reset_index(drop=True))
    for out_of_order in (shuffled, repeated):
        with pytest.raises(AssertionError, match="sorted again"):
            _in_fixed_order(out_of_order)
