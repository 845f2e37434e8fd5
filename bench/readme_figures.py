"""Print the README's "Results on the real data" figures from a built warehouse.

Usage::

    export CUSTOMER_VALUE_DB=/tmp/real.duckdb
    dbt build --vars '{raw_transactions_path: ../shared/data/online_retail_II.parquet}'
    python bench/readme_figures.py /tmp/real.duckdb

Every number in that README section comes from this script, so it can be checked again.
"""

from __future__ import annotations

import sys

import duckdb


def table(con, sql: str, header: list[str]) -> str:
    rows = con.sql(sql).fetchall()
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def main(database: str) -> int:
    with duckdb.connect(database, read_only=True) as con:
        print(
            table(
                con,
                "select line_fate || ': ' || fate_detail, lines, cast(line_revenue as varchar)"
                " from data_quality_summary order by lines desc",
                ["fate", "lines", "GBP as written"],
            )
        )
        print()
        print(
            table(
                con,
                "select is_matched, count(distinct cancellation_line_id), sum(cancelled_quantity),"
                " cast(sum(cancelled_revenue) as varchar)"
                " from int_cancellations_matched group by 1 order by 1 desc",
                ["matched", "cancellation lines", "units", "GBP"],
            )
        )
        print()
        print(
            table(
                con,
                "select cast(sum(gross_revenue) as varchar),"
                " cast(sum(cancelled_revenue) as varchar),"
                " cast(sum(net_revenue) as varchar), count(*) filter (where is_fully_cancelled)"
                " from int_sales_lines_netted",
                ["gross", "matched cancellations", "net", "lines cancelled in full"],
            )
        )
        print()
        print(
            table(
                con,
                "select (select count(*) from customers),"
                " (select count(*) from int_orders_aggregated)",
                ["customers", "orders"],
            )
        )
        print()
        print(
            table(
                con,
                "select rfm_segment, customers, round(100 * revenue_share, 1)"
                " from segment_summary order by customers desc",
                ["segment", "customers", "revenue share %"],
            )
        )
        print()
        print(
            table(
                con,
                "select k, round(silhouette, 3), is_chosen, round(ward_adjusted_rand_index, 2)"
                " from cluster_k_search order by k",
                ["k", "silhouette", "chosen", "ARI with Ward"],
            )
        )
        print()
        print(
            table(
                con,
                "select cluster_name, customers, round(100 * revenue_share, 1),"
                " recency_days_median, frequency_median, round(monetary_median, 2)"
                " from cluster_profiles order by cluster_id",
                [
                    "cluster",
                    "customers",
                    "revenue share %",
                    "median recency",
                    "median orders",
                    "median GBP",
                ],
            )
        )
        print()
        print(
            table(
                con,
                "select model_name, parameter_name, round(estimate, 4), round(std_error, 4),"
                " coalesce(time_unit, ''), round(log_likelihood, 1), customers_fitted,"
                " fitted_through"
                " from clv_model_parameters",
                [
                    "model",
                    "parameter",
                    "estimate",
                    "std error",
                    "unit",
                    "LL",
                    "customers",
                    "through",
                ],
            )
        )
        print()
        models = [
            row[0]
            for row in con.sql(
                "select distinct model from clv_model_validation order by 1"
            ).fetchall()
        ]
        pivot = ", ".join(f"max(case when model = '{m}' then round(value, 3) end)" for m in models)
        print(
            table(
                con,
                f"select metric, {pivot} from clv_model_validation group by metric order by metric",
                ["metric", *models],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
