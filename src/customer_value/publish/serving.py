"""Publish the tested marts to the serving location that BI tools read: write, audit, switch.

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

The checks live in :mod:`~customer_value.publish.build_checks`, the DuckDB file in
:mod:`~customer_value.publish.database`, the Parquet/CSV files in
:mod:`~customer_value.publish.export`; this module puts them in place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from customer_value.publish.build_checks import (
    BuildCheck,
    PublishRefused,
    check_run_results,
    check_warehouse_matches,
    load_json,
)
from customer_value.publish.database import (
    attached_warehouse,
    copy_marts,
    new_serving_database,
    write_publication_table,
)
from customer_value.publish.export import COPY_OPTIONS, export_tables
from customer_value.warehouse import SERVING_DATABASE

CURRENT_LINK = "current"
VERSIONS_DIR = "versions"
PUBLICATION_JSON = "publication.json"


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
    unknown = set(formats) - set(COPY_OPTIONS)
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    warehouse = Path(warehouse).absolute()
    serving_dir = Path(serving_dir).absolute()
    target_path = Path(target_path)
    build = check_run_results(
        load_json(target_path / "run_results.json", "run_results.json"),
        load_json(target_path / "manifest.json", "manifest.json"),
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
            with new_serving_database(new_database) as con:
                with attached_warehouse(con, warehouse):
                    # checked with the warehouse attached: no build can start writing it until
                    # it is detached, so the data copied is the data checked
                    check_warehouse_matches(warehouse, build)
                    row_counts = copy_marts(con, build.marts, warehouse)
                write_publication_table(con, metadata, row_counts)
                export_tables(con, list(row_counts), new_export, formats)
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
