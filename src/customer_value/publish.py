"""Publish the tested marts to the serving location that BI tools read: write, audit, publish.

``dbt build`` writes to the working warehouse (one DuckDB file, one writer at a time). Only when
the last build passed every test are the marts copied to the serving location::

    serving/
      customer_value.duckdb          the marts + table `publication`; BI tools open it read-only
      current -> versions/<version>  symlink to the newest export
      versions/<version>/parquet/<mart>.parquet
      versions/<version>/csv/<mart>.csv
      versions/<version>/publication.json

Publishing never blocks or breaks a reader: the new DuckDB file and export folder are written
under names no reader uses, then switched in with one ``rename`` each (atomic on POSIX). A reader
that already has the old file open keeps reading the old inode, whole; the next one opens the new
file. The export of the version before is kept for readers that resolved ``current`` just before
the switch; older ones are pruned. A build that failed its tests, or run results that do not
belong to the warehouse, are refused and leave the serving location as it was.

Which build is published is read from dbt's artifacts (``target/run_results.json`` and
``target/manifest.json``), see :func:`check_run_results` and :func:`check_warehouse_matches`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from customer_value.warehouse import (
    DEFAULT_SERVING_DIR,
    DEFAULT_WAREHOUSE,
    SERVING_DATABASE,
    SERVING_ENV,
    WAREHOUSE_ENV,
)

DEFAULT_TARGET_PATH = "target"
CURRENT_LINK = "current"
VERSIONS_DIR = "versions"
PUBLICATION_TABLE = "publication"
PUBLICATION_JSON = "publication.json"
#: Folder of the dbt project whose models are the marts.
MARTS_PATH = "models/marts/"
#: Result statuses that stop a publish (``warn`` is fine).
BAD_STATUSES = frozenset({"error", "fail", "skipped", "runtime error"})
#: The warehouse file must have been written last during the build: its mtime must lie between
#: the invocation start (minus this, for coarse file-system clocks) ...
MTIME_SLACK_BEFORE_SECONDS = 2.0
#: ... and the moment run_results.json was written plus this (DuckDB checkpoints the file when
#: dbt closes its connection, just after the artifacts are written).
MTIME_SLACK_AFTER_SECONDS = 120.0
EXIT_REFUSED = 1


class PublishRefused(RuntimeError):
    """The build may not be published; the serving location was left unchanged."""


@dataclass(frozen=True)
class Mart:
    """One mart to publish: where it is in the warehouse and its name when published."""

    unique_id: str
    schema: str
    identifier: str


@dataclass(frozen=True)
class BuildCheck:
    """What :func:`check_run_results` learnt about the last dbt invocation."""

    invocation_id: str
    started_at: datetime
    finished_at: datetime
    dbt_version: str
    marts: tuple[Mart, ...]
    catalog: str | None
    tests_passed: int
    tests_warned: tuple[str, ...] = ()


@dataclass
class Publication:
    """The result of :func:`publish`."""

    version: str
    published_at: datetime
    serving_dir: Path
    database: Path
    export_dir: Path
    row_counts: dict[str, int]
    build: BuildCheck
    formats: tuple[str, ...]
    pruned: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The audit: did the last dbt invocation build and test the marts, all green?


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def _short_name(unique_id: str) -> str:
    """``test.customer_value.unique_customers_customer_id.1a2b3c`` -> ``unique_customers_...``"""
    parts = unique_id.split(".")
    if parts[0] == "test" and len(parts) >= 4:
        return parts[2]
    if parts[0] == "unit_test" and len(parts) >= 4:
        return f"{parts[2]}.{parts[3]}"
    return ".".join(parts[2:]) if len(parts) > 2 else unique_id


def _load_json(path: Path, what: str) -> dict:
    if not path.is_file():
        raise PublishRefused(
            f"no {what} at {path}: run `dbt build` first (or point --target-path at the folder "
            "dbt wrote its artifacts to)"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PublishRefused(f"{path} is not valid JSON ({error}): run `dbt build` again") from None


def list_marts(manifest: dict) -> list[Mart]:
    """The enabled models of the root project under ``models/marts/``, sorted by name."""
    project = manifest.get("metadata", {}).get("project_name")
    marts = []
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") != "model":
            continue
        if project and node.get("package_name") != project:
            continue
        if not node.get("original_file_path", "").replace("\\", "/").startswith(MARTS_PATH):
            continue
        if not node.get("config", {}).get("enabled", True):
            continue
        identifier = node.get("alias") or node["name"]
        marts.append(Mart(unique_id, node.get("schema") or "main", identifier))
    return sorted(marts, key=lambda mart: mart.identifier)


def _tests_on(manifest: dict, mart_ids: set[str]) -> set[str]:
    """Data tests and unit tests of the manifest that test at least one of the marts."""
    tests = set()
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") == "test" and mart_ids & set(
            node.get("depends_on", {}).get("nodes", [])
        ):
            tests.add(unique_id)
    for unique_id, node in manifest.get("unit_tests", {}).items():
        if mart_ids & set(node.get("depends_on", {}).get("nodes", [])):
            tests.add(unique_id)
    return tests


def _catalog_of(relation_name: str | None) -> str | None:
    """``"customer_value"."main"."customers"`` -> ``customer_value``."""
    if not relation_name:
        return None
    first = relation_name.split(".")[0]
    return first.strip('"')


def check_run_results(run_results: dict, manifest: dict) -> BuildCheck:
    """Check that the last dbt invocation was a ``build`` that ran every mart and its tests, and
    that no node errored, failed or was skipped (warnings are fine).

    Raises
    ------
    PublishRefused
        Naming the failed, skipped or missing nodes.
    """
    metadata = run_results.get("metadata", {})
    args = run_results.get("args", {})
    which = args.get("which")
    if which != "build":
        command = args.get("invocation_command") or f"dbt {which}"
        raise PublishRefused(
            f"the last dbt invocation was `{command}`, not `dbt build`: only a build runs the "
            "tests that must pass before publishing. Run `dbt build`, then publish."
        )
    if args.get("empty"):
        raise PublishRefused("the last build ran with --empty: its marts have no rows")

    results = {result["unique_id"]: result for result in run_results.get("results", [])}
    bad = [result for result in results.values() if result.get("status") in BAD_STATUSES]
    if bad:
        lines = []
        for result in sorted(bad, key=lambda r: (r["status"], r["unique_id"])):
            message = (result.get("message") or "").strip().splitlines()
            failures = result.get("failures")
            detail = f" ({failures} failing rows)" if failures else ""
            detail += f": {message[0]}" if message else ""
            lines.append(f"  {result['status']:<8} {_short_name(result['unique_id'])}{detail}")
        counts = {}
        for result in bad:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        raise PublishRefused(
            f"the last dbt build (invocation {metadata.get('invocation_id')}) did not pass "
            f"({summary}):\n" + "\n".join(lines)
        )

    marts = list_marts(manifest)
    if not marts:
        raise PublishRefused(f"the manifest lists no models under {MARTS_PATH}")
    names = {mart.identifier for mart in marts}
    if PUBLICATION_TABLE in names:
        raise PublishRefused(f"a mart is named {PUBLICATION_TABLE!r}, the metadata table's name")
    not_built = [
        mart.identifier
        for mart in marts
        if results.get(mart.unique_id, {}).get("status") != "success"
    ]
    if not_built:
        raise PublishRefused(
            "the last dbt build did not build these marts: "
            + ", ".join(not_built)
            + ". Run `dbt build` without a selection that leaves them out."
        )
    untested = sorted(_tests_on(manifest, {mart.unique_id for mart in marts}) - set(results))
    if untested:
        shown = ", ".join(_short_name(unique_id) for unique_id in untested[:10])
        more = f" and {len(untested) - 10} more" if len(untested) > 10 else ""
        raise PublishRefused(
            f"{len(untested)} tests of the marts did not run in the last build ({shown}{more}). "
            "Run `dbt build` without excluding tests."
        )

    tests = [
        result
        for unique_id, result in results.items()
        if unique_id.startswith(("test.", "unit_test."))
    ]
    catalogs = {_catalog_of(results[mart.unique_id].get("relation_name")) for mart in marts}
    catalogs.discard(None)
    return BuildCheck(
        invocation_id=metadata.get("invocation_id", "unknown"),
        started_at=_parse_time(metadata.get("invocation_started_at") or metadata["generated_at"]),
        finished_at=_parse_time(metadata["generated_at"]),
        dbt_version=metadata.get("dbt_version", "unknown"),
        marts=tuple(marts),
        catalog=catalogs.pop() if len(catalogs) == 1 else None,
        tests_passed=sum(result.get("status") == "pass" for result in tests),
        tests_warned=tuple(
            _short_name(result["unique_id"]) for result in tests if result.get("status") == "warn"
        ),
    )


def check_warehouse_matches(warehouse: Path, build: BuildCheck) -> None:
    """Check that the run results describe this warehouse file as it is now.

    dbt's artifacts do not record the database path, so the check is on the file itself: it must
    have been written last *during* that build (mtime between the invocation start and just after
    run_results.json was written; reading it, even in read-write mode, leaves the mtime alone), no
    write may be under way (no ``.wal`` file), and its catalog name (the file stem) must be the one
    in the results' relation names. A build into another file, an older build's artifacts, or a
    write to the warehouse after the build are all refused.
    """
    wal = Path(f"{warehouse}.wal")
    if wal.exists():
        raise PublishRefused(
            f"{warehouse} has a write-ahead log ({wal.name}): a dbt build is still writing it or "
            "stopped half way. Run `dbt build` to the end, then publish."
        )
    if build.catalog is not None and build.catalog != warehouse.stem:
        raise PublishRefused(
            f"the last dbt build wrote to a database named {build.catalog!r}, not to {warehouse} "
            "(check CUSTOMER_VALUE_DB and --warehouse)"
        )
    modified = datetime.fromtimestamp(warehouse.stat().st_mtime, tz=timezone.utc)
    earliest = build.started_at.timestamp() - MTIME_SLACK_BEFORE_SECONDS
    latest = build.finished_at.timestamp() + MTIME_SLACK_AFTER_SECONDS
    when = (
        f"dbt build {build.invocation_id} ran from {build.started_at:%Y-%m-%d %H:%M:%S} to "
        f"{build.finished_at:%H:%M:%S} UTC, {warehouse} was last written at "
        f"{modified:%Y-%m-%d %H:%M:%S} UTC"
    )
    if modified.timestamp() < earliest:
        raise PublishRefused(
            f"the last dbt build did not write {warehouse} ({when}): it built another database. "
            "Point --warehouse (or CUSTOMER_VALUE_DB) at the database that build wrote."
        )
    if modified.timestamp() > latest:
        raise PublishRefused(
            f"{warehouse} changed after the last dbt build ({when}): the tests ran on other data. "
            "Run `dbt build` again, then publish."
        )


# ---------------------------------------------------------------------------------------------
# The serving location


def current_publication(serving_dir: str | os.PathLike) -> dict | None:
    """The ``publication.json`` of the version now published, or None if there is none."""
    path = Path(serving_dir) / CURRENT_LINK / PUBLICATION_JSON
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def describe_current(serving_dir: str | os.PathLike) -> str:
    """One sentence on what the serving location holds now."""
    current = current_publication(serving_dir)
    if current is None:
        return f"Nothing is published in {serving_dir} yet."
    return (
        f"{serving_dir} is unchanged: it still holds version {current['version']}, published "
        f"{current['published_at']} from dbt build {current['dbt_invocation_id']}."
    )


@contextlib.contextmanager
def _publish_lock(serving_dir: Path) -> Iterator[None]:
    """Serialise publishers of one serving folder (readers never take it)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock, one publisher assumed
        yield
        return
    with open(serving_dir / ".publish.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        descriptor = os.open(path, flags)
    except OSError:  # pragma: no cover - e.g. directories on Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def _attach_warehouse(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    try:
        con.execute(f"attach {_quote_literal(str(warehouse))} as src (read_only)")
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise PublishRefused(
                f"{warehouse} is open for writing by another process (a dbt build still "
                "running?): publish when it has finished"
            ) from None
        raise


def _copy_marts(
    con: duckdb.DuckDBPyConnection, marts: tuple[Mart, ...], warehouse: Path
) -> dict[str, int]:
    """CREATE TABLE AS each mart in the new database, with the warehouse's table and column
    comments (the dbt descriptions, persisted by persist_docs)."""
    existing = {
        (schema, table)
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'src' "
            "union all "
            "select schema_name, view_name from duckdb_views() where database_name = 'src'"
        ).fetchall()
    }
    missing = [mart.identifier for mart in marts if (mart.schema, mart.identifier) not in existing]
    if missing:
        raise PublishRefused(f"{warehouse} has no table {', '.join(missing)}")
    row_counts = {}
    for mart in marts:
        name = _quote_identifier(mart.identifier)
        source = f"src.{_quote_identifier(mart.schema)}.{name}"
        con.execute(f"create table main.{name} as select * from {source}")
        row_counts[mart.identifier] = con.execute(f"select count(*) from main.{name}").fetchall()[
            0
        ][0]
        comments = con.execute(
            "select comment from duckdb_tables() "
            "where database_name = 'src' and schema_name = ? and table_name = ?",
            [mart.schema, mart.identifier],
        ).fetchall()
        if comments and comments[0][0]:
            con.execute(f"comment on table main.{name} is {_quote_literal(comments[0][0])}")
        for column, comment in con.execute(
            "select column_name, comment from duckdb_columns() "
            "where database_name = 'src' and schema_name = ? and table_name = ? "
            "and comment is not null",
            [mart.schema, mart.identifier],
        ).fetchall():
            con.execute(
                f"comment on column main.{name}.{_quote_identifier(column)} "
                f"is {_quote_literal(comment)}"
            )
    return row_counts


def _write_publication_table(
    con: duckdb.DuckDBPyConnection, metadata: dict, row_counts: dict[str, int]
) -> None:
    con.execute(
        f"""
        create table main.{PUBLICATION_TABLE} (
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
        f"insert into main.{PUBLICATION_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        f"comment on table main.{PUBLICATION_TABLE} is "
        + _quote_literal(
            "One row per published mart: its row count and the version, time (UTC), source "
            "warehouse and dbt build (invocation id, finish time UTC, tests) it was published from."
        )
    )


def _export(
    con: duckdb.DuckDBPyConnection, tables: list[str], folder: Path, formats: tuple[str, ...]
) -> None:
    options = {"parquet": "(format parquet, compression zstd)", "csv": "(format csv, header)"}
    for file_format in formats:
        (folder / file_format).mkdir(parents=True)
        for table in tables:
            path = folder / file_format / f"{table}.{file_format}"
            con.execute(
                f"copy main.{_quote_identifier(table)} to {_quote_literal(str(path))} "
                f"{options[file_format]}"
            )


def _prune(serving_dir: Path, keep: int) -> list[str]:
    """Remove export versions older than the newest ``keep`` (the current one and the one before,
    by default) and anything a crashed publish left behind. Runs under the publish lock."""
    removed = []
    versions_dir = serving_dir / VERSIONS_DIR
    versions = sorted(
        (
            path
            for path in versions_dir.iterdir()
            if path.is_dir() and not path.name.startswith(".")
        ),
        key=lambda path: path.name,
    )
    current = (serving_dir / CURRENT_LINK).resolve()
    for path in versions[: max(len(versions) - keep, 0)]:
        if path.resolve() == current:  # never the published one, whatever the names say
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for leftover in [*versions_dir.glob(".*.tmp"), *serving_dir.glob(".*.tmp")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    return removed


def publish(
    warehouse: str | os.PathLike,
    serving_dir: str | os.PathLike,
    target_path: str | os.PathLike,
    *,
    formats: tuple[str, ...] = ("parquet", "csv"),
    keep: int = 2,
) -> Publication:
    """Publish the marts of ``warehouse`` to ``serving_dir`` if the dbt build recorded in
    ``target_path`` (run_results.json, manifest.json) built them into it and passed every test.

    Raises
    ------
    PublishRefused
        If the build may not be published; ``serving_dir`` is then left unchanged.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}")
    unknown = set(formats) - {"parquet", "csv"}
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    warehouse = Path(warehouse).absolute()
    serving_dir = Path(serving_dir).absolute()
    target_path = Path(target_path)
    build = check_run_results(
        _load_json(target_path / "run_results.json", "run_results.json"),
        _load_json(target_path / "manifest.json", "manifest.json"),
    )
    if not warehouse.is_file():
        raise PublishRefused(f"no warehouse at {warehouse}")
    link = serving_dir / CURRENT_LINK
    if link.exists() and not link.is_symlink():
        raise PublishRefused(f"{link} exists and is not a symlink: move it away, then publish")

    serving_dir.mkdir(parents=True, exist_ok=True)
    (serving_dir / VERSIONS_DIR).mkdir(exist_ok=True)
    with _publish_lock(serving_dir):
        published_at = datetime.now(timezone.utc)
        version = f"{published_at:%Y%m%dT%H%M%S%fZ}-{build.invocation_id[:8]}"
        token = uuid.uuid4().hex[:8]
        new_database = serving_dir / f".{SERVING_DATABASE}.{version}.{token}.tmp"
        new_export = serving_dir / VERSIONS_DIR / f".{version}.{token}.tmp"
        final_export = serving_dir / VERSIONS_DIR / version
        new_link = serving_dir / f".{CURRENT_LINK}.{version}.{token}.tmp"
        metadata = {
            "version": version,
            "published_at": published_at.isoformat(timespec="seconds"),
            "published_at_naive": published_at.replace(tzinfo=None),
            "source_warehouse": str(warehouse),
            "dbt_invocation_id": build.invocation_id,
            "dbt_build_finished_at": build.finished_at.isoformat(timespec="seconds"),
            "dbt_build_finished_at_naive": build.finished_at.replace(tzinfo=None),
            "dbt_version": build.dbt_version,
            "tests_passed": build.tests_passed,
            "tests_warned": list(build.tests_warned),
        }
        try:
            con = duckdb.connect(str(new_database))
            try:
                _attach_warehouse(con, warehouse)
                # checked with the warehouse attached: no build can start writing it until we
                # detach, so the data copied is the data checked
                check_warehouse_matches(warehouse, build)
                row_counts = _copy_marts(con, build.marts, warehouse)
                con.execute("detach src")
                _write_publication_table(con, metadata, row_counts)
                _export(con, list(row_counts), new_export, formats)
                con.execute("checkpoint")
            finally:
                con.close()
            if Path(f"{new_database}.wal").exists():  # pragma: no cover - DuckDB checkpoints
                raise RuntimeError(f"{new_database} kept a write-ahead log after closing")
            public = {key: value for key, value in metadata.items() if not key.endswith("_naive")}
            public |= {"tables": row_counts, "formats": list(formats)}
            (new_export / PUBLICATION_JSON).write_text(
                json.dumps(public, indent=2) + "\n", encoding="utf-8"
            )
            _fsync(new_database)
            os.rename(new_export, final_export)
            os.symlink(Path(VERSIONS_DIR) / version, new_link)
            # the switch: two renames, each atomic; a reader opens the old file or the new one
            os.replace(new_link, link)
            os.replace(new_database, serving_dir / SERVING_DATABASE)
            _fsync(serving_dir)
        except BaseException:
            for leftover in (new_database, Path(f"{new_database}.wal"), new_link):
                if leftover.is_symlink() or leftover.exists():
                    leftover.unlink()
            shutil.rmtree(new_export, ignore_errors=True)
            raise
        pruned = _prune(serving_dir, keep)
    return Publication(
        version=version,
        published_at=published_at,
        serving_dir=serving_dir,
        database=serving_dir / SERVING_DATABASE,
        export_dir=final_export,
        row_counts=row_counts,
        build=build,
        formats=tuple(formats),
        pruned=pruned,
    )


# ---------------------------------------------------------------------------------------------
# Command line: `customer-value publish`


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


if __name__ == "__main__":
    sys.exit(main())
