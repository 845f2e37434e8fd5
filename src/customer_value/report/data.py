"""Read what the report shows from the warehouse: one query per chart or table, on a read-only
DuckDB connection. Works on the working warehouse and on the published serving file: it reads
only the marts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from customer_value.warehouse import MARTS

#: Marts the report reads.
REQUIRED_TABLES = MARTS
#: The most points a scatter plot draws (a deterministic sample beyond that).
MAX_POINTS = 5000
#: Width of the recency bins of the P(alive) trend line, in days.
RECENCY_BIN_DAYS = 30


@dataclass
class ReportData:
    """Everything the report draws, one DataFrame per query."""

    database: Path
    totals: pd.DataFrame
    rfm_grid: pd.DataFrame
    segments: pd.DataFrame
    cluster_points: pd.DataFrame
    cluster_profiles: pd.DataFrame
    k_search: pd.DataFrame
    tiers: pd.DataFrame
    alive_points: pd.DataFrame
    alive_trend: pd.DataFrame
    calibration: pd.DataFrame
    validation: pd.DataFrame
    parameters: pd.DataFrame
    #: line_fate, fate_detail, lines; None when the database has neither source.
    data_quality: pd.DataFrame
    #: segment_migration: every (period pair, from state, to state) flow.
    migration: pd.DataFrame
    #: the mart file_load_quality: one row per raw file.
    files: pd.DataFrame


def _tables(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Table and view names -> quoted qualified name (schema ``main`` wins a name clash)."""
    rows = connection.execute(
        "select table_schema, table_name from information_schema.tables "
        "order by table_schema = 'main' desc, table_schema"
    ).fetchall()
    found: dict[str, str] = {}
    for schema, name in rows:
        found.setdefault(name, f'"{schema}"."{name}"')
    return found


def _data_quality(connection: duckdb.DuckDBPyConnection, t: dict[str, str]) -> pd.DataFrame:
    """Raw lines by fate and detail (kept, matched / partly_matched / unmatched, or quarantine
    reason), from the data_quality_summary mart."""
    frame = connection.execute(f"""
        select line_fate, fate_detail, sum(lines)::bigint as lines
        from {t["data_quality_summary"]}
        group by all
    """).df()
    return frame.sort_values("lines", ascending=False, ignore_index=True)


def load(database: str | Path) -> ReportData:
    """Run the report's queries against ``database`` (opened read-only).

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    ValueError
        When it is not a DuckDB file or lacks one of :data:`REQUIRED_TABLES`.
    """
    path = Path(database)
    if not path.is_file():
        raise FileNotFoundError(
            f"database not found: {path} (run `dbt build` first, or pass --database)"
        )
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(f"cannot open {path} as a DuckDB database: {first_line}") from None
    with connection:
        t = _tables(connection)
        missing = [name for name in REQUIRED_TABLES if name not in t]
        if missing:
            raise ValueError(
                f"{path} lacks the mart(s) {', '.join(missing)}; build the project with `dbt build`"
            )

        def query(sql: str) -> pd.DataFrame:
            return connection.execute(sql).df()

        totals = query(f"""
            select
                count(*) as customers,
                sum(net_revenue) as net_revenue,
                sum(order_count) as orders,
                min(first_order_date) as first_order_date,
                max(last_order_date) as last_order_date
            from {t["customers"]}
        """)
        rfm_grid = query(f"""
            select r_score, f_score, count(*) as customers, avg(monetary) as monetary_mean
            from {t["customer_rfm"]}
            group by all
            order by r_score, f_score
        """)
        segments = query(f"select * from {t['segment_summary']} order by revenue_share desc")
        # md5 of the id: a sample that does not change from run to run or with row order
        cluster_points = query(f"""
            select customer_id, cluster_name, frequency, monetary::double as monetary
            from {t["customer_segments"]}
            order by md5(customer_id)
            limit {MAX_POINTS}
        """)
        cluster_profiles = query(f"select * from {t['cluster_profiles']} order by cluster_id")
        k_search = query(f"select * from {t['cluster_k_search']} order by k")
        tiers = query(f"""
            select
                clv.clv_tier,
                count(*) as customers,
                sum(customers.net_revenue) as net_revenue,
                sum(clv.predicted_clv) as predicted_clv,
                min(clv.predicted_clv)::double as clv_min,
                quantile_cont(clv.predicted_clv, 0.05) as clv_p05,
                quantile_cont(clv.predicted_clv, 0.25) as clv_p25,
                quantile_cont(clv.predicted_clv, 0.50) as clv_p50,
                quantile_cont(clv.predicted_clv, 0.75) as clv_p75,
                quantile_cont(clv.predicted_clv, 0.95) as clv_p95,
                max(clv.predicted_clv)::double as clv_max,
                avg(clv.p_alive) as p_alive_mean
            from {t["customer_lifetime_value"]} as clv
            inner join {t["customers"]} as customers
                on clv.customer_id = customers.customer_id
            group by clv.clv_tier
            order by clv.clv_tier
        """)
        alive_points = query(f"""
            select
                rfm.recency_days,
                clv.p_alive,
                clv.repeat_purchase_days > 0 as is_repeat_customer
            from {t["customer_rfm"]} as rfm
            inner join {t["customer_lifetime_value"]} as clv
                on rfm.customer_id = clv.customer_id
            order by md5(rfm.customer_id)
            limit {MAX_POINTS}
        """)
        alive_trend = query(f"""
            select
                floor(rfm.recency_days / {RECENCY_BIN_DAYS}) * {RECENCY_BIN_DAYS}
                    + {RECENCY_BIN_DAYS / 2} as recency_days,
                avg(clv.p_alive) as p_alive_mean,
                count(*) as customers
            from {t["customer_rfm"]} as rfm
            inner join {t["customer_lifetime_value"]} as clv
                on rfm.customer_id = clv.customer_id
            where clv.repeat_purchase_days > 0
            group by all
            order by recency_days
        """)
        calibration = query(
            f"select * from {t['clv_calibration']} order by model, frequency_bucket"
        )
        validation = query(f"select * from {t['clv_model_validation']}")
        parameters = query(f"select * from {t['clv_model_parameters']}")
        data_quality = _data_quality(connection, t)
        migration = query(
            f"select * from {t['segment_migration']} "
            "order by period_end_date, from_segment, to_segment"
        )
        files = query(f"select * from {t['file_load_quality']} order by file_path")
    return ReportData(
        database=path,
        totals=totals,
        rfm_grid=rfm_grid,
        segments=segments,
        cluster_points=cluster_points,
        cluster_profiles=cluster_profiles,
        k_search=k_search,
        tiers=tiers,
        alive_points=alive_points,
        alive_trend=alive_trend,
        calibration=calibration,
        validation=validation,
        parameters=parameters,
        data_quality=data_quality,
        migration=migration,
        files=files,
    )
