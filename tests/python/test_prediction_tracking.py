"""Snapshots of what was published and the tracking of their predictions, the way a team runs it
every month: build and publish as of 31 August 2011, snapshot, build and publish with the data up
to the end, snapshot again. On the small synthetic fixture file."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from customer_value import cli
from customer_value.tracking_summary import summarise_tracking
from dbt_project_runner import assert_ok, publish_arguments, run_dbt

EARLY_END = "2011-08-31"
SNAPSHOT = ["snapshot", "--select", "resource_type:snapshot"]


def _rows(database, sql):
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _publish(database, serving):
    return cli.main([*publish_arguments(database, serving), "--no-csv"])


@pytest.fixture(scope="module")
def monthly_runs(tmp_path_factory, fixture_raw_file):
    """Facts gathered along two build -> publish -> snapshot rounds, then the warehouse."""
    database = tmp_path_factory.mktemp("monthly") / "customer_value.duckdb"
    serving = database.parent / "serving"
    raw = {"raw_transactions_path": str(fixture_raw_file)}
    facts = {}

    assert_ok(run_dbt(["build"], database, {**raw, "observation_end_date": EARLY_END}))
    facts["tables_after_first_build"] = {
        row[0] for row in _rows(database, "select table_name from information_schema.tables")
    }
    facts["tracking_after_first_build"] = _rows(database, "select * from prediction_tracking")
    facts["first_publish"] = _publish(database, serving)
    assert_ok(run_dbt(SNAPSHOT, database, raw))
    facts["first_snapshot"] = _rows(
        database,
        "select observation_end_date, count(*) from customer_scorecard_snapshot group by all",
    )
    facts["first_scorecard_rows"] = _rows(database, "select count(*) from customer_scorecard")[0][0]
    assert_ok(run_dbt(SNAPSHOT, database, raw))
    facts["rows_after_repeated_snapshot"] = _rows(
        database, "select count(*) from customer_scorecard_snapshot"
    )[0][0]

    assert_ok(run_dbt(["build"], database, raw))
    facts["second_publish"] = _publish(database, serving)
    facts["tracking_after_second_build"] = _rows(database, "select * from prediction_tracking")
    assert_ok(run_dbt(SNAPSHOT, database, raw))
    facts["publish_after_snapshot"] = _publish(database, serving)
    return database, facts


def test_a_build_without_snapshots_tracks_nothing_and_publishes(monthly_runs):
    _, facts = monthly_runs
    assert "customer_scorecard_snapshot" not in facts["tables_after_first_build"]
    assert facts["tracking_after_first_build"] == []
    assert facts["first_publish"] == 0


def test_snapshot_records_the_published_scorecard_once(monthly_runs):
    _, facts = monthly_runs
    assert facts["first_snapshot"] == [(date(2011, 8, 31), facts["first_scorecard_rows"])]
    assert facts["rows_after_repeated_snapshot"] == facts["first_scorecard_rows"]


def test_each_publication_is_a_version_per_customer(monthly_runs):
    database, _ = monthly_runs
    versions = dict(
        _rows(
            database,
            """select observation_end_date, count(*) filter (where dbt_valid_to is null)
               from customer_scorecard_snapshot group by all""",
        )
    )
    current = _rows(database, "select count(*), max(observation_end_date) from customer_scorecard")
    (customers, end) = current[0]
    assert set(versions) == {date(2011, 8, 31), end}
    assert versions[date(2011, 8, 31)] == 0, "the August versions were superseded"
    assert versions[end] == customers
    # what marketing was told between the two snapshots: the August scorecard
    told = _rows(
        database,
        """with bounds as (
               select min(dbt_valid_from) as first_at, max(dbt_valid_from) as second_at
               from customer_scorecard_snapshot
           )
           select distinct observation_end_date from customer_scorecard_snapshot, bounds
           where dbt_valid_from <= first_at + (second_at - first_at) / 2
             and (dbt_valid_to is null or dbt_valid_to > first_at + (second_at - first_at) / 2)""",
    )
    assert told == [(date(2011, 8, 31),)]


def test_tracking_compares_august_predictions_with_what_happened(monthly_runs):
    database, facts = monthly_runs
    assert facts["second_publish"] == 0
    (row,) = _rows(
        database,
        """select as_of_date, tracked_through_date, elapsed_days, elapsed_share, customers,
                  prorated_expected_purchases, actual_purchases, prorated_expected_spend,
                  actual_spend, total_purchases_pct_error, is_horizon_complete
           from prediction_tracking""",
    )
    (as_of, through, elapsed, share, customers, expected_n, actual_n, expected_s, actual_s) = row[
        :9
    ]
    end = _rows(database, "select max(observation_end_date) from customer_rfm")[0][0]
    assert as_of == date(2011, 8, 31) and through == end
    assert elapsed == (end - as_of).days
    assert share == pytest.approx(elapsed / (12 * 365.25 / 12))
    assert row[10] is False
    # the August publication's customers and predictions, pro-rated
    published = _rows(
        database,
        """select count(*), sum(expected_purchases), sum(expected_spend)::double
           from customer_scorecard_snapshot where observation_end_date = '2011-08-31'""",
    )[0]
    assert customers == published[0]
    assert expected_n == pytest.approx(published[1] * share)
    assert float(expected_s) == pytest.approx(published[2] * share, abs=0.01 * customers)
    # actuals, counted another way: distinct order days and the growth of monetary in the history
    (days, spend) = _rows(
        database,
        """with published as (
               select customer_id from customer_scorecard_snapshot
               where observation_end_date = '2011-08-31'
           )
           select
               (select count(distinct customer_id || cast(order_date as varchar))
                from int_orders_aggregated
                where order_date > '2011-08-31' and customer_id in (select * from published)),
               (select sum(monetary) filter (where period_end_date = (select max(period_end_date)
                                                 from customer_rfm_history))
                     - sum(monetary) filter (where period_end_date = '2011-08-31')
                from customer_rfm_history where customer_id in (select * from published))""",
    )[0]
    assert actual_n == days > 0
    assert actual_s == spend
    assert row[9] == pytest.approx(100 * (expected_n - actual_n) / actual_n)


def test_snapshot_after_publish_leaves_the_published_version_alone(monthly_runs):
    """dbt snapshot writes the warehouse, so a publish after it (without a new build) refuses:
    that is why `make` snapshots after publishing, never between build and publish."""
    _, facts = monthly_runs
    assert facts["publish_after_snapshot"] == 1


def test_tracking_summary_names_both_publications(monthly_runs):
    database, _ = monthly_runs
    text = summarise_tracking(database)
    assert "as of 2011-08-31: recorded" in text
    assert "as of 2011-08-31, through" in text
    assert text.count("as of ") == 3


def test_tracking_summary_without_snapshot_says_what_to_run(built_warehouse):
    with pytest.raises(ValueError, match="make snapshot"):
        summarise_tracking(built_warehouse)
