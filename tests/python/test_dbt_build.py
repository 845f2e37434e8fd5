"""`dbt build` of the whole project on a small synthetic raw file: every model builds, every dbt
test (reconciliations, contracts, unit tests) passes, and the outputs hold what they promise."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from customer_value.warehouse import MARTS, MARTS_EMPTY_BEFORE_A_SNAPSHOT
from dbt_project_runner import run_dbt


@pytest.fixture(scope="module")
def con(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        yield connection


def _scalar(con, sql):
    return con.sql(sql).fetchall()[0][0]


@pytest.mark.parametrize(
    "mart", [mart for mart in MARTS if mart not in MARTS_EMPTY_BEFORE_A_SNAPSHOT]
)
def test_every_mart_has_rows(con, mart):
    assert _scalar(con, f"select count(*) from {mart}") > 0


def test_every_raw_line_ends_in_exactly_one_place(con, fixture_raw_file):
    raw = _scalar(con, f"select count(*) from read_parquet('{fixture_raw_file}')")
    sales = _scalar(con, "select count(*) from int_sales_lines_netted")
    cancellations = _scalar(
        con, "select count(distinct cancellation_line_id) from int_cancellations_matched"
    )
    quarantined = _scalar(con, "select count(*) from int_transactions_quarantined")
    assert sales > 0 and cancellations > 0 and quarantined > 0
    assert raw == sales + cancellations + quarantined


def test_generator_quirks_are_quarantined_with_their_reason(con):
    reasons = {
        row[0]
        for row in con.sql(
            "select distinct quarantine_reason from int_transactions_quarantined"
        ).fetchall()
    }
    assert {"no_customer_id", "exact_duplicate", "non_product_code"} <= reasons


def test_cancellations_matched_and_unmatched(con):
    counts = dict(
        con.sql(
            "select is_matched, count(*) from int_cancellations_matched group by is_matched"
        ).fetchall()
    )
    assert counts.get(True, 0) > 0, "cancellations of purchases in the data"
    assert counts.get(False, 0) > 0, "cancellations of purchases made before the data"


def test_net_revenue_flows_to_the_marts(con):
    netted = _scalar(con, "select sum(net_revenue) from int_sales_lines_netted")
    customers = _scalar(con, "select sum(net_revenue) from customers")
    rfm = _scalar(con, "select sum(monetary) from customer_rfm")
    assert abs(netted - customers) < 0.01 * _scalar(con, "select count(*) from customers")
    assert customers == rfm


def test_segments_and_clusters_are_named(con):
    segments = con.sql("select count(distinct rfm_segment) from customer_rfm").fetchall()[0][0]
    assert segments >= 5
    names = [row[0] for row in con.sql("select cluster_name from cluster_profiles").fetchall()]
    assert len(names) == len(set(names)) >= 3
    assert not any(name.isdigit() for name in names)


def test_clv_outputs(con):
    tiers = dict(
        con.sql("select clv_tier, count(*) from customer_lifetime_value group by 1").fetchall()
    )
    assert set(tiers) == {"A", "B", "C", "D"}
    models = {
        row[0] for row in con.sql("select distinct model_name from clv_model_parameters").fetchall()
    }
    assert {"bgnbd", "gamma_gamma"} <= models
    validated = {
        row[0] for row in con.sql("select distinct model from clv_model_validation").fetchall()
    }
    assert {"bgnbd_gamma_gamma", "pareto_nbd_gamma_gamma", "naive_carry_forward"} <= validated
    # the validation names a winner per scored metric, and the CLV mart says which model it used
    winner = _scalar(
        con, "select any_value(winner) from clv_model_validation where metric = 'spend_mae'"
    )
    assert winner in validated
    used = {
        row[0]
        for row in con.sql("select distinct clv_model from customer_lifetime_value").fetchall()
    }
    assert len(used) == 1 and used <= {"bgnbd", "mbgnbd", "pareto_nbd"}
    assert (
        _scalar(
            con,
            "select count(*) from customer_lifetime_value "
            "where not (expected_purchases_lower <= expected_purchases_upper)",
        )
        == 0
    )
    # tier A holds the highest predicted CLVs
    a_min = _scalar(
        con, "select min(predicted_clv) from customer_lifetime_value where clv_tier = 'A'"
    )
    d_max = _scalar(
        con, "select max(predicted_clv) from customer_lifetime_value where clv_tier = 'D'"
    )
    assert a_min >= d_max


def test_the_mart_list_matches_models_marts():
    from dbt_project_runner import PROJECT_DIR

    models = {path.stem for path in (PROJECT_DIR / "models" / "marts").glob("*.sql")}
    assert set(MARTS) == models


def _test_on_a_broken_copy(built_warehouse, fixture_raw_file, tmp_path, statements, test):
    """`dbt test --select test` on a copy of the built warehouse after ``statements``."""
    database = tmp_path / "broken.duckdb"
    shutil.copy(built_warehouse, database)
    with duckdb.connect(str(database)) as connection:
        for statement in statements:
            connection.sql(statement)
    return run_dbt(
        ["test", "--select", test], database, {"raw_transactions_path": str(fixture_raw_file)}
    )


def test_one_scan_assertions_report_each_broken_one(built_warehouse, fixture_raw_file, tmp_path):
    """assertions_in_one_scan fails with one row per broken assertion, and only those."""
    repeated_and_empty_days = """
        insert into int_customer_days_aggregated by name
        (select * from int_customer_days_aggregated limit 1)  -- a repeated customer-day
        union all by name
        (select * replace (0 as net_revenue, date '1999-01-01' as order_date)
         from int_customer_days_aggregated limit 1)  -- nothing spent
    """
    result = _test_on_a_broken_copy(
        built_warehouse,
        fixture_raw_file,
        tmp_path,
        [repeated_and_empty_days],
        "customer_days_are_keyed_and_positive",
    )
    assert result.returncode != 0
    assert "Failure in test customer_days_are_keyed_and_positive" in result.output
    # two of the four assertions broken: the key and the revenue; not the not-null ones
    assert "Got 2 results, configured to fail if != 0" in result.output


def test_line_fates_are_proven_on_the_per_file_counts(built_warehouse, fixture_raw_file, tmp_path):
    """Every line's fate and reason are tested on int_raw_files_measured (every line counted by
    fate and reason), not on each classified line: a count of lines with an unknown fate or a
    quarantined one without a reason fails its one-scan test, an unknown reason its
    relationships test, and a file whose counts miss a line the gate's reconciliation."""
    broken_fates = """
        insert into int_raw_files_measured by name
        (select * replace ('lost' as line_fate, null as quarantine_reason)
         from int_raw_files_measured limit 1)
        union all by name
        (select * replace ('quarantined' as line_fate, null as quarantine_reason)
         from int_raw_files_measured limit 1)
    """
    result = _test_on_a_broken_copy(
        built_warehouse,
        fixture_raw_file,
        tmp_path,
        [broken_fates],
        "raw_file_measures_are_keyed_and_every_line_has_a_fate",
    )
    assert result.returncode != 0
    # the fate outside the three and the reason-less quarantine; the key and counts still hold
    assert "Got 2 results, configured to fail if != 0" in result.output

    unknown_reason = (
        "update int_raw_files_measured set quarantine_reason = 'made_up' "
        "where quarantine_reason = 'exact_duplicate'"
    )
    (tmp_path / "reason").mkdir()
    result = _test_on_a_broken_copy(
        built_warehouse,
        fixture_raw_file,
        tmp_path / "reason",
        [unknown_reason],
        "int_raw_files_measured,test_name:relationships",
    )
    assert result.returncode != 0
    assert "Failure in test relationships_int_raw_files_measured_quarantine_reason" in result.output

    (tmp_path / "lines").mkdir()
    result = _test_on_a_broken_copy(
        built_warehouse,
        fixture_raw_file,
        tmp_path / "lines",
        ["update int_raw_files_checked set lines = lines - 1"],
        "raw_files_checked_lines_add_up_to_the_raw_files",
    )
    assert result.returncode != 0
    assert "Failure in test raw_files_checked_lines_add_up_to_the_raw_files" in result.output


def test_an_observation_window_unlike_customer_rfms_fails_its_test(
    built_warehouse, fixture_raw_file, tmp_path
):
    """The CLV models read the observation end from int_observation_window: its test fails when
    it is not one date, customer_rfm's (each of the three assertions fires)."""
    result = _test_on_a_broken_copy(
        built_warehouse,
        fixture_raw_file,
        tmp_path,
        [
            "update int_observation_window set observation_end_date = observation_end_date - 1",
            "insert into int_observation_window values (null)",
        ],
        "assert_observation_window_is_customer_rfms",
    )
    assert result.returncode != 0
    assert "Got 3 results, configured to fail if != 0" in result.output
