"""`customer-value summary`: a short account of what a build produced and where."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from customer_value.warehouse import MARTS, warehouse_path


def summarise(database: Path) -> str:
    """Return the summary text for the warehouse file ``database`` (opened read-only)."""
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `dbt build` first")
    with duckdb.connect(str(database), read_only=True) as con:
        present = {
            row[0] for row in con.sql("select table_name from information_schema.tables").fetchall()
        }
        missing = [name for name in MARTS if name not in present]
        if missing:
            raise ValueError(
                f"{database} lacks {', '.join(missing)}: the build did not finish; run `dbt build`"
            )

        def scalar(sql: str):
            return con.sql(sql).fetchall()[0][0]

        lines = [f"Warehouse: {database.resolve()}", "", "Tables (rows):"]
        lines += [f"  {name:<26} {scalar(f'select count(*) from {name}'):>10,}" for name in MARTS]
        raw_lines = scalar("select sum(lines) from data_quality_summary")
        quarantined = scalar(
            "select coalesce(sum(lines), 0) from data_quality_summary"
            " where line_fate = 'quarantined'"
        )
        customers = scalar("select count(*) from customers")
        revenue = scalar("select sum(net_revenue) from customers")
        observation_end = scalar("select max(observation_end_date) from customer_rfm")
        top_segment = con.sql(
            "select rfm_segment, customers, revenue_share from segment_summary"
            " order by revenue_share desc limit 1"
        ).fetchall()[0]
        chosen_k = scalar("select k from cluster_k_search where is_chosen")
        clusters = ", ".join(
            f"{name} {count:,}"
            for name, count in con.sql(
                "select cluster_name, customers from cluster_profiles order by cluster_id"
            ).fetchall()
        )
        total_clv = scalar("select sum(predicted_clv) from customer_lifetime_value")
        lines += [
            "",
            f"Raw lines {raw_lines:,}: {quarantined:,} quarantined with a reason "
            "(see data_quality_summary).",
            f"Customers {customers:,}, net revenue GBP {revenue:,.2f}, "
            f"observation end {observation_end}.",
            f"Top RFM segment by revenue: {top_segment[0]} ({top_segment[1]:,} customers, "
            f"{top_segment[2]:.0%} of revenue).",
            f"K-Means: k = {chosen_k}: {clusters}.",
            f"Predicted CLV over the horizon, all customers: GBP {total_clv:,.2f}.",
        ]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="warehouse file (default: $CUSTOMER_VALUE_DB or warehouse/customer_value.duckdb)",
    )


def run(args: argparse.Namespace) -> int:
    print(summarise(args.database or warehouse_path()))
    return 0
