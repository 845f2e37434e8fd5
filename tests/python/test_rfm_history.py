"""The history and migration marts under the other period (quarters) and a bad period var: built
again, with their data tests, on a copy of the fixture warehouse."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from dbt_project_runner import assert_ok, run_dbt

SELECTION = ["--select", "customer_rfm_history+", "--exclude", "resource_type:snapshot"]


@pytest.fixture(scope="module")
def quarterly(built_warehouse, tmp_path_factory, fixture_raw_file):
    database = tmp_path_factory.mktemp("quarterly") / "customer_value.duckdb"
    shutil.copy(built_warehouse, database)
    result = run_dbt(
        ["build", *SELECTION],
        database,
        {"raw_transactions_path": str(fixture_raw_file), "rfm_history_period": "quarter"},
    )
    return database, result


def test_quarterly_history_passes_its_tests(quarterly):
    _, result = quarterly
    assert_ok(result)
    # the equality with customer_rfm and the conservation of customers ran among them
    assert "assert_rfm_history_ends_at_customer_rfm" in result.output
    assert "assert_segment_migration_conserves_customers" in result.output


def test_quarter_ends(quarterly):
    database, _ = quarterly
    with duckdb.connect(str(database), read_only=True) as con:
        ends = con.execute(
            "select distinct period, period_end_date, is_period_complete "
            "from customer_rfm_history order by period_end_date"
        ).fetchall()
        observation_end = con.execute(
            "select max(observation_end_date) from customer_rfm"
        ).fetchone()
    assert ends[0][0].endswith("-Q4") and ends[0][1].month == 12 and ends[0][1].day == 31
    for period, end, complete in ends[:-1]:
        assert complete and end.month in (3, 6, 9, 12), period
    assert ends[-1][1] == observation_end[0]
    assert [int(p[-1]) for p, _, _ in ends] == [(4 + i - 1) % 4 + 1 for i in range(len(ends))]


def test_a_bad_period_names_the_var(built_warehouse, tmp_path, fixture_raw_file):
    database = tmp_path / "customer_value.duckdb"
    shutil.copy(built_warehouse, database)
    result = run_dbt(
        ["compile", "--select", "customer_rfm_history"],
        database,
        {"raw_transactions_path": str(fixture_raw_file), "rfm_history_period": "week"},
    )
    assert result.returncode != 0
    assert "var rfm_history_period = 'week' is not a period: use month or quarter" in result.output
