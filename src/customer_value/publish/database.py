"""The serving DuckDB file: the marts copied from the warehouse with their dbt descriptions as
comments, plus table ``publication``, written in a storage format older DuckDB readers open.

DuckDB 2 writes storage version 69 by default, which no DuckDB 1.x can read ("Trying to read a
database file with version number 69, but we can only read versions between 64 and 68"), and BI
drivers often bundle an older DuckDB (Superset's ``duckdb<2``, Metabase's driver, JDBC/ODBC
builds). The serving file is therefore attached with ``STORAGE_VERSION`` set to
:data:`SERVING_STORAGE_VERSION`: the file header says storage version 64 and nothing is
serialised that DuckDB 1.1 cannot read. The warehouse that dbt writes keeps the default format.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from customer_value.publish.build_checks import PUBLICATION_TABLE, Mart, PublishRefused

#: Oldest DuckDB release that must open the serving file. v1.1.0 writes storage version 64,
#: which every DuckDB from 0.10 to 2.x reads; DuckDB 1.1 is the oldest release tested with it
#: (tests/python/test_serving_compatibility.py opens the file with 1.1 and the newest 1.x).
SERVING_STORAGE_VERSION = "v1.1.0"
#: Catalog name of the serving file while it is written.
SERVING_CATALOG = "serving"
#: Catalog name of the warehouse while the marts are copied from it.
WAREHOUSE_CATALOG = "src"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def serving_table(name: str) -> str:
    """The qualified name of a table of the serving file while it is written."""
    return f"{SERVING_CATALOG}.main.{quote_identifier(name)}"


@contextlib.contextmanager
def new_serving_database(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection with ``path`` (a new file) attached as :data:`SERVING_CATALOG` in
    :data:`SERVING_STORAGE_VERSION`; on a normal exit it is checkpointed and detached."""
    con = duckdb.connect()
    try:
        con.execute(
            f"attach {quote_literal(str(path))} as {SERVING_CATALOG} "
            f"(storage_version {quote_literal(SERVING_STORAGE_VERSION)})"
        )
        yield con
        con.execute(f"checkpoint {SERVING_CATALOG}")
        con.execute(f"detach {SERVING_CATALOG}")
    finally:
        con.close()


@contextlib.contextmanager
def attached_warehouse(con: duckdb.DuckDBPyConnection, warehouse: Path) -> Iterator[None]:
    """The warehouse attached read-only as :data:`WAREHOUSE_CATALOG`: while it is, no build can
    start writing it, so the data copied is the data checked."""
    try:
        con.execute(f"attach {quote_literal(str(warehouse))} as {WAREHOUSE_CATALOG} (read_only)")
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise PublishRefused(
                f"{warehouse} is open for writing by another process (a dbt build still "
                "running?): publish when it has finished"
            ) from None
        raise
    try:
        yield
    finally:
        con.execute(f"detach {WAREHOUSE_CATALOG}")


def copy_marts(
    con: duckdb.DuckDBPyConnection, marts: tuple[Mart, ...], warehouse: Path
) -> dict[str, int]:
    """CREATE TABLE AS each mart in the serving file, with the warehouse's table and column
    comments (the dbt descriptions, persisted by persist_docs). Returns rows per mart."""
    existing = {
        (schema, table)
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = $db "
            "union all "
            "select schema_name, view_name from duckdb_views() where database_name = $db",
            {"db": WAREHOUSE_CATALOG},
        ).fetchall()
    }
    missing = [mart.identifier for mart in marts if (mart.schema, mart.identifier) not in existing]
    if missing:
        raise PublishRefused(f"{warehouse} has no table {', '.join(missing)}")
    row_counts = {}
    for mart in marts:
        target = serving_table(mart.identifier)
        source = (
            f"{WAREHOUSE_CATALOG}.{quote_identifier(mart.schema)}."
            f"{quote_identifier(mart.identifier)}"
        )
        con.execute(f"create table {target} as select * from {source}")
        row_counts[mart.identifier] = con.execute(f"select count(*) from {target}").fetchall()[0][0]
        comments = con.execute(
            "select comment from duckdb_tables() "
            "where database_name = ? and schema_name = ? and table_name = ?",
            [WAREHOUSE_CATALOG, mart.schema, mart.identifier],
        ).fetchall()
        if comments and comments[0][0]:
            con.execute(f"comment on table {target} is {quote_literal(comments[0][0])}")
        for column, comment in con.execute(
            "select column_name, comment from duckdb_columns() "
            "where database_name = ? and schema_name = ? and table_name = ? "
            "and comment is not null",
            [WAREHOUSE_CATALOG, mart.schema, mart.identifier],
        ).fetchall():
            con.execute(
                f"comment on column {target}.{quote_identifier(column)} is {quote_literal(comment)}"
            )
    return row_counts


def write_publication_table(
    con: duckdb.DuckDBPyConnection, metadata: dict, row_counts: dict[str, int]
) -> None:
    """Table ``publication``: one row per published mart with the version and the build."""
    con.execute(
        f"""
        create table {serving_table(PUBLICATION_TABLE)} (
            table_name varchar not null primary key,
            row_count bigint not null,
            version varchar not null,
            published_at timestamp not null,
            source_warehouse varchar not null,
            dbt_invocation_id varchar not null,
            dbt_build_finished_at timestamp not null,
            dbt_version varchar not null,
            tests_passed integer not null,
            tests_warned integer not null
        )
        """
    )
    con.executemany(
        f"insert into {serving_table(PUBLICATION_TABLE)} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                table,
                rows,
                metadata["version"],
                metadata["published_at_naive"],
                metadata["source_warehouse"],
                metadata["dbt_invocation_id"],
                metadata["dbt_build_finished_at_naive"],
                metadata["dbt_version"],
                metadata["tests_passed"],
                len(metadata["tests_warned"]),
            ]
            for table, rows in row_counts.items()
        ],
    )
    con.execute(
        f"comment on table {serving_table(PUBLICATION_TABLE)} is "
        + quote_literal(
            "One row per published mart: its row count and the version, time (UTC), source "
            "warehouse and dbt build (invocation id, finish time UTC, tests) it was published from."
        )
    )
