"""Benchmark of the customer-level history models at scale: customer_rfm_history and
segment_migration (with customers and customer_rfm, which the history's tests compare with).

Usage::

    python bench/bench_history.py --customers 651529 [--workdir /tmp/bench_history]

The history starts from the orders, so the benchmark writes a synthetic `int_orders_aggregated`
table straight into a fresh warehouse (no raw lines: the line-level stages are benchmarked by
bench_pipeline.py): each customer's first order on a random day of the two years from
2009-12-01, 1 + a geometric number of further orders (mean 5) on random later days, spend uniform
in GBP 10-510. At 651,529 customers (what the 100M-line synthetic set holds) that is about
3.9 million orders and 24 monthly period ends. Then `dbt build` of those models and their data
tests (unit tests excluded: they need the raw-file tables), and it prints per node the time dbt
recorded, with the row counts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODELS = (
    "int_customer_days_aggregated customers customer_rfm customer_rfm_history segment_migration"
)
OBSERVATION_END = "2011-12-09"


def write_orders(database: Path, customers: int, seed: float = 0.42) -> int:
    """Create table int_orders_aggregated with synthetic orders; return its row count."""
    with duckdb.connect(str(database)) as con:
        con.execute(f"select setseed({seed})")
        con.execute(f"""
            create table int_orders_aggregated as
            with customer_starts as (
                select
                    'C' || lpad(cast(i as varchar), 7, '0') as customer_id,
                    date '2009-12-01' + cast(floor(random() * 739) as integer) as first_date,
                    1 + cast(floor(-ln(1 - random()) * 5) as integer) as order_count
                from range({customers}) as t (i)
            ),
            order_days as (
                select
                    customer_id,
                    case
                        when k = 0 then first_date
                        else first_date + cast(
                            floor(random() * (date '{OBSERVATION_END}' - first_date + 1))
                            as integer)
                    end as order_date
                from customer_starts, range(order_count) as r (k)
            )
            select
                'I' || cast(row_number() over () as varchar) as invoice_id,
                customer_id,
                'United Kingdom' as country,
                10 as line_count,
                10 as net_line_count,
                100 as net_quantity,
                cast(round(10 + random() * 500, 2) as decimal(18, 2)) as gross_revenue,
                cast(0 as decimal(18, 2)) as cancelled_revenue,
                cast(order_date as timestamp) as ordered_at,
                order_date
            from order_days
        """)
        con.execute(
            "create or replace table int_orders_aggregated as "
            "select * exclude (gross_revenue), gross_revenue, gross_revenue as net_revenue "
            "from int_orders_aggregated"
        )
        return con.execute("select count(*) from int_orders_aggregated").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=651_529)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_history"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.workdir / "bench_history.duckdb"
    for stale in (database, Path(f"{database}.wal")):
        stale.unlink(missing_ok=True)

    started = time.perf_counter()
    orders = write_orders(database, args.customers)
    print(
        f"{args.customers:,} customers, {orders:,} orders written in "
        f"{time.perf_counter() - started:.1f} s"
    )

    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(args.workdir / "target"),
        "DBT_LOG_PATH": str(args.workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(BIN / "dbt"),
        "build",
        "--select",
        *MODELS.split(),
        "rfm_segment_rules",
        "rfm_segment_actions",
        "--exclude",
        "test_type:unit",
        "--indirect-selection",
        "cautious",
        "--vars",
        json.dumps({"observation_end_date": OBSERVATION_END}),
    ]
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if completed.returncode != 0:
        print(completed.stdout[-4000:], completed.stderr[-2000:])
        return 1
    results = json.loads((args.workdir / "target" / "run_results.json").read_text())["results"]
    tests = sum(r["execution_time"] for r in results if r["unique_id"].startswith("test."))
    with duckdb.connect(str(database), read_only=True) as con:
        for model in ("customer_rfm_history", "segment_migration"):
            seconds = next(
                r["execution_time"] for r in results if r["unique_id"].endswith(f".{model}")
            )
            rows = con.execute(f"select count(*) from {model}").fetchone()[0]
            print(f"{model:<22} {seconds:6.1f} s  {rows:>12,} rows")
    print(f"{'data tests (sum)':<22} {tests:6.1f} s")
    print(
        f"{'dbt build, wall':<22} {wall:6.1f} s  (start-up, seeds, customers, customer_rfm "
        "included)"
    )
    print(
        f"{'dbt build, CPU':<22} {cpu:6.1f} s  (user + system, all threads; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after: other jobs stretch the wall "
        "times, not the CPU time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
