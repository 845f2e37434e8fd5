"""The Parquet and CSV export of a publication: one file per table and format."""

from __future__ import annotations

from pathlib import Path

import duckdb

from customer_value.publish.database import quote_literal, serving_table

#: Export formats and DuckDB's COPY options for each.
COPY_OPTIONS = {"parquet": "(format parquet, compression zstd)", "csv": "(format csv, header)"}


def export_tables(
    con: duckdb.DuckDBPyConnection, tables: list[str], folder: Path, formats: tuple[str, ...]
) -> None:
    """Write ``folder/<format>/<table>.<format>`` for each table of the serving file."""
    for file_format in formats:
        (folder / file_format).mkdir(parents=True)
        for table in tables:
            path = folder / file_format / f"{table}.{file_format}"
            con.execute(
                f"copy {serving_table(table)} to {quote_literal(str(path))} "
                f"{COPY_OPTIONS[file_format]}"
            )
