"""The ``customer-value report`` subcommand: arguments, default paths, and writing the file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from customer_value.report.data import load
from customer_value.report.html import render
from customer_value.warehouse import (
    DEFAULT_WAREHOUSE,
    SERVING_DATABASE,
    WAREHOUSE_ENV,
    serving_dir,
    warehouse_path,
)

DEFAULT_OUTPUT = Path("reports") / "customer_value_report.html"


def default_database() -> Path:
    """The published serving file if it exists, else the working warehouse."""
    published = serving_dir() / SERVING_DATABASE
    if published.is_file():
        return published
    return warehouse_path()


def build_report(database: str | Path, output: str | Path) -> Path:
    """Read ``database`` (read-only) and write the self-contained HTML report to ``output``."""
    page = render(load(database))
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``customer-value report``."""
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help=(
            f"DuckDB file to read (default: $CUSTOMER_VALUE_SERVING_DIR/{SERVING_DATABASE} if it "
            f"exists, else "
            f"${WAREHOUSE_ENV} or {DEFAULT_WAREHOUSE})"
        ),
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"HTML file to write (default {DEFAULT_OUTPUT})",
    )


def run(args: argparse.Namespace) -> int:
    """Write the report; a missing or unusable database raises (the CLI prints one line, exit 2)."""
    database = args.database if args.database is not None else default_database()
    path = build_report(database, args.output)
    size_kb = path.stat().st_size / 1024
    print(f"wrote {path} ({size_kb:,.0f} KB) from {database}", file=sys.stderr)
    return 0
