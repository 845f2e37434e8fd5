"""The semantic layer (models/semantic/): `mf validate-configs` passes on a built warehouse, and
`mf query` answers the README's questions by metric name, with the same figures as SQL written
by hand on the marts, and as mart segment_summary computes them on its own."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dbt_project_runner import PROJECT_DIR, run_dbt

MF = Path(sys.executable).with_name("mf")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, built_warehouse) -> Path:
    """A copy of the built warehouse (MetricFlow opens it through dbt-duckdb, read-write) in a
    folder that also holds the semantic manifest of the project, made by `dbt parse`."""
    folder = tmp_path_factory.mktemp("semantic")
    database = folder / built_warehouse.name
    shutil.copy2(built_warehouse, database)
    parsed = run_dbt(["parse"], database)  # writes folder/target, not the project's target/
    assert parsed.returncode == 0, parsed.output[-3000:]
    # `mf` reads <project root>/target/semantic_manifest.json, whatever DBT_TARGET_PATH says:
    # give it a project root of its own whose target/ is the one just written
    root = folder / "project"
    root.mkdir()
    (root / "dbt_project.yml").symlink_to(PROJECT_DIR / "dbt_project.yml")
    (root / "target").symlink_to(folder / "target")
    return database


def _mf(warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(warehouse),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_LOG_PATH": str(warehouse.parent / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [str(MF), *args],
        cwd=warehouse.parent / "project",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return completed


def _query(warehouse: Path, *args: str) -> list[dict]:
    """``mf query ... --csv`` read back: one dict per row, numbers as floats."""
    output = warehouse.parent / "query.csv"
    output.unlink(missing_ok=True)
    _mf(warehouse, "query", *args, "--csv", str(output))
    with open(output, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"mf query {' '.join(args)} returned no rows"
    return [{key: _number(value) for key, value in row.items()} for row in rows]


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def _sql(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_validate_configs(warehouse):
    completed = _mf(warehouse, "validate-configs")
    output = completed.stdout + completed.stderr
    assert "ERRORS: 0" in output
    assert "validated metrics against data warehouse" in output


def test_net_revenue_by_rfm_segment_by_month(warehouse):
    rows = _query(
        warehouse,
        "--metrics",
        "net_revenue,orders,average_order_value",
        "--group-by",
        "metric_time__month,customer__rfm_segment",
    )
    got = {
        (row["metric_time__month"][:10], row["customer__rfm_segment"]): (
            row["net_revenue"],
            row["orders"],
            row["average_order_value"],
        )
        for row in rows
    }
    expected = {
        (str(month), segment): (float(revenue), float(orders), float(revenue) / orders)
        for month, segment, revenue, orders in _sql(
            warehouse,
            """
            select
                cast(date_trunc('month', orders.order_date) as date),
                customer_rfm.rfm_segment,
                sum(orders.net_revenue),
                count(*)
            from orders
            inner join customer_rfm
                on orders.customer_id = customer_rfm.customer_id
            group by all
            """,
        )
    }
    assert len(got) == len(expected) > 12
    assert got.keys() == expected.keys()
    for key, (revenue, orders, average) in expected.items():
        assert got[key] == pytest.approx((revenue, orders, average), rel=1e-9, abs=0.005), key


def test_segment_metrics_match_segment_summary(warehouse):
    """Metrics grouped by segment equal what mart segment_summary computes in its own SQL."""
    rows = _query(
        warehouse,
        "--metrics",
        "customers,net_revenue,revenue_share,p_alive_mean,predicted_clv,predicted_clv_mean",
        "--group-by",
        "customer__rfm_segment",
    )
    summary = {
        row[0]: row[1:]
        for row in _sql(
            warehouse,
            "select rfm_segment, customers, net_revenue, revenue_share, p_alive_mean, "
            "predicted_clv_total, predicted_clv_mean from segment_summary",
        )
    }
    assert {row["customer__rfm_segment"] for row in rows} == set(summary)
    for row in rows:
        customers, revenue, share, p_alive, clv_total, clv_mean = summary[
            row["customer__rfm_segment"]
        ]
        assert row["customers"] == customers
        assert row["net_revenue"] == pytest.approx(float(revenue), abs=0.005)
        assert row["revenue_share"] == pytest.approx(share, abs=1e-9)
        assert row["p_alive_mean"] == pytest.approx(p_alive, abs=1e-9)
        # the mart rounds each customer's CLV to the penny before it sums: within a penny each
        assert row["predicted_clv"] == pytest.approx(float(clv_total), abs=0.01 * customers)
        assert row["predicted_clv_mean"] == pytest.approx(float(clv_mean), abs=0.01)
    assert sum(row["revenue_share"] for row in rows) == pytest.approx(1.0)


def test_new_and_active_customers_by_month_with_a_filter(warehouse):
    rows = _query(
        warehouse,
        "--metrics",
        "customers,active_customers",
        "--group-by",
        "metric_time__month",
        "--where",
        "{{ Dimension('customer__clv_tier') }} = 'A'",
    )
    got = {
        row["metric_time__month"][:10]: (row["customers"], row["active_customers"]) for row in rows
    }
    new = dict(
        _sql(
            warehouse,
            """
            select cast(date_trunc('month', customers.first_order_date) as date), count(*)
            from customers
            inner join customer_lifetime_value as clv
                on customers.customer_id = clv.customer_id
            where clv.clv_tier = 'A'
            group by all
            """,
        )
    )
    active = dict(
        _sql(
            warehouse,
            """
            select
                cast(date_trunc('month', orders.order_date) as date),
                count(distinct orders.customer_id)
            from orders
            inner join customer_lifetime_value as clv
                on orders.customer_id = clv.customer_id
            where clv.clv_tier = 'A'
            group by all
            """,
        )
    )
    new = {str(month): count for month, count in new.items()}
    active = {str(month): count for month, count in active.items()}
    assert set(got) == set(new) | set(active)
    assert len(got) > 12
    for month, (new_customers, active_customers) in got.items():
        assert (new_customers or 0) == new.get(month, 0), month
        assert (active_customers or 0) == active.get(month, 0), month


def test_explained_sql_runs_on_the_serving_file(warehouse, published_project):
    """`mf query --explain` prints SQL that reads only published marts: a BI tool can run it on
    serving/customer_value.duckdb (README), with the answers of `mf query` itself."""
    args = ["--metrics", "net_revenue,average_order_value", "--group-by", "customer__rfm_segment"]
    explained = _mf(warehouse, "query", *args, "--explain").stdout
    sql = explained[explained.index("\n", explained.index("SQL (remove")) :]
    serving = published_project / "serving" / "customer_value.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        on_serving = {
            segment: (float(revenue), average)
            for segment, revenue, average in con.execute(sql).fetchall()
        }
    by_mf = {
        row["customer__rfm_segment"]: (row["net_revenue"], row["average_order_value"])
        for row in _query(warehouse, *args)
    }
    assert on_serving.keys() == by_mf.keys()
    for segment, values in by_mf.items():
        assert on_serving[segment] == pytest.approx(values, rel=1e-6), segment
