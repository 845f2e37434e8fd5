"""`customer-value tracking`: the publications dbt snapshot recorded and how their predictions
are coming true (tables customer_scorecard_snapshot and prediction_tracking of a warehouse)."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from customer_value import build_summary
from customer_value.warehouse import warehouse_path

#: The dbt snapshot of what was published (snapshots/customer_scorecard_snapshot.yml).
SNAPSHOT_TABLE = "customer_scorecard_snapshot"


def summarise_tracking(database: Path) -> str:
    """Return the text for the warehouse file ``database`` (opened read-only).

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    ValueError
        When the warehouse has no snapshot table yet, or lacks the prediction_tracking mart.
    """
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `dbt build` first")
    with duckdb.connect(str(database), read_only=True) as con:
        present = {
            row[0] for row in con.sql("select table_name from information_schema.tables").fetchall()
        }
        if "prediction_tracking" not in present:
            raise ValueError(f"{database} lacks prediction_tracking: run `dbt build`")
        if SNAPSHOT_TABLE not in present:
            raise ValueError(
                f"{database} has no {SNAPSHOT_TABLE} yet: publish a build, then run "
                "`make snapshot` (dbt snapshot --select resource_type:snapshot)"
            )
        snapshots = con.sql(f"""
            select
                observation_end_date,
                min(dbt_valid_from) as recorded_at,
                count(*) as customers,
                count(*) filter (where clv_tier = 'A') as tier_a,
                sum(expected_purchases) as expected_purchases,
                sum(expected_spend) as expected_spend
            from {SNAPSHOT_TABLE}
            group by observation_end_date
            order by observation_end_date
        """).fetchall()
        tracked = con.sql("""
            select
                as_of_date, tracked_through_date, elapsed_share, customers,
                prorated_expected_purchases, actual_purchases, total_purchases_pct_error,
                prorated_expected_spend, actual_spend, total_spend_pct_error
            from prediction_tracking
            order by as_of_date
        """).fetchall()
    lines = [f"Publications recorded by dbt snapshot ({SNAPSHOT_TABLE}):"]
    for as_of, recorded_at, customers, tier_a, purchases, spend in snapshots:
        lines.append(
            f"  as of {as_of}: recorded {recorded_at:%Y-%m-%d %H:%M:%S}, {customers:,} customers "
            f"({tier_a:,} in CLV tier A), expected {purchases:,.0f} purchase days and "
            f"GBP {spend:,.2f} over the horizon"
        )
    lines += ["", "Predictions tracked against what customers did since (prediction_tracking):"]
    if not tracked:
        lines.append("  none yet: a later build with data after a recorded publication tracks it")
    for row in tracked:
        as_of, through, share, customers, exp_n, act_n, err_n, exp_s, act_s, err_s = row
        lines.append(
            f"  as of {as_of}, through {through} ({share:.0%} of the horizon), "
            f"{customers:,} customers: purchase days {exp_n:,.0f} expected (pro rata) vs "
            f"{act_n:,} actual ({_pct(err_n)}); spend GBP {exp_s:,.2f} vs GBP {act_s:,.2f} "
            f"({_pct(err_s)})"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "no actuals yet" if value is None else f"{value:+.1f}%"


#: The same option as `customer-value summary`: --database, the warehouse file.
add_arguments = build_summary.add_arguments


def run(args: argparse.Namespace) -> int:
    print(summarise_tracking(args.database or warehouse_path()))
    return 0
