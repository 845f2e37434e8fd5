"""``customer-value publish`` (and ``python -m customer_value.publish``): arguments, settings
from the environment, and what it prints."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from customer_value.publish.build_checks import PublishRefused
from customer_value.publish.serving import CURRENT_LINK, describe_current, publish
from customer_value.warehouse import (
    DEFAULT_SERVING_DIR,
    DEFAULT_WAREHOUSE,
    SERVING_ENV,
    WAREHOUSE_ENV,
)

DEFAULT_TARGET_PATH = "target"
EXIT_REFUSED = 1


def _default(env: str, fallback: str | Path) -> str:
    return os.environ.get(env) or str(fallback)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``customer-value publish``."""
    parser.add_argument(
        "--warehouse",
        default=None,
        help=f"the working DuckDB file dbt built (default: ${WAREHOUSE_ENV} or "
        f"{DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--serving-dir",
        default=None,
        help=f"where BI tools read (default: ${SERVING_ENV} or {DEFAULT_SERVING_DIR})",
    )
    parser.add_argument(
        "--target-path",
        default=None,
        help=f"dbt's artifacts folder with run_results.json and manifest.json (default: "
        f"$DBT_TARGET_PATH or {DEFAULT_TARGET_PATH})",
    )
    parser.add_argument(
        "--project-dir",
        default=".",
        help="the dbt project folder; relative paths above are taken from it (default: .)",
    )
    parser.add_argument("--no-csv", action="store_true", help="export Parquet only, no CSV")
    parser.add_argument(
        "--keep",
        type=int,
        default=2,
        help="export versions to keep: the current one and the ones before (default 2)",
    )


def _resolve(project_dir: Path, value: str | None, env: str, fallback: str | Path) -> Path:
    path = Path(value or _default(env, fallback)).expanduser()
    return path if path.is_absolute() else project_dir / path


def _display(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def run(args: argparse.Namespace) -> int:
    """Run ``customer-value publish``: 0 published, 1 refused (serving location unchanged)."""
    project_dir = Path(args.project_dir).absolute()
    warehouse = _resolve(project_dir, args.warehouse, WAREHOUSE_ENV, DEFAULT_WAREHOUSE)
    serving_dir = _resolve(project_dir, args.serving_dir, SERVING_ENV, DEFAULT_SERVING_DIR)
    target_path = _resolve(project_dir, args.target_path, "DBT_TARGET_PATH", DEFAULT_TARGET_PATH)
    formats = ("parquet",) if args.no_csv else ("parquet", "csv")
    try:
        result = publish(warehouse, serving_dir, target_path, formats=formats, keep=args.keep)
    except PublishRefused as refusal:
        print(f"customer-value publish: refusing to publish: {refusal}", file=sys.stderr)
        print(describe_current(_display(serving_dir)), file=sys.stderr)
        return EXIT_REFUSED

    build = result.build
    warned = f", {len(build.tests_warned)} warned" if build.tests_warned else ""
    print(
        f"Published {len(result.row_counts)} marts from {_display(warehouse)} "
        f"(dbt build {build.invocation_id}, finished {build.finished_at:%Y-%m-%d %H:%M:%S} UTC; "
        f"{build.tests_passed} tests passed{warned}), version {result.version}:"
    )
    width = max(len(name) for name in result.row_counts)
    for name, rows in result.row_counts.items():
        print(f"  {name:<{width}}  {rows:>10,} rows")
    print(f"DuckDB (open read-only): {_display(result.database)}")
    for file_format in result.formats:
        folder = _display(result.serving_dir / CURRENT_LINK / file_format)
        print(f"{file_format.capitalize() if file_format == 'parquet' else 'CSV'}: {folder}/")
    if result.pruned:
        print(f"Pruned old versions: {', '.join(result.pruned)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m customer_value.publish``: the same as ``customer-value publish``."""
    parser = argparse.ArgumentParser(
        prog="customer-value publish",
        description="Publish the tested marts to the serving location BI tools read.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (ValueError, FileNotFoundError, PermissionError) as error:
        print(f"customer-value publish: error: {error}", file=sys.stderr)
        return 2
