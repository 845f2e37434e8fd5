"""The audit before a publish: did the last dbt invocation build and test every mart, all green,
into this warehouse file?

Which build is published is read from dbt's artifacts (``target/run_results.json`` and
``target/manifest.json``), see :func:`check_run_results` and :func:`check_warehouse_matches`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

#: Folder of the dbt project whose models are the marts.
MARTS_PATH = "models/marts/"
#: Name of the metadata table of the serving database (no mart may take it).
PUBLICATION_TABLE = "publication"
#: Result statuses that stop a publish (``warn`` is fine).
BAD_STATUSES = frozenset({"error", "fail", "skipped", "runtime error"})
#: The warehouse file must have been written last during the build: its mtime must lie between
#: the invocation start (minus this, for coarse file-system clocks) ...
MTIME_SLACK_BEFORE_SECONDS = 2.0
#: ... and the moment run_results.json was written plus this (DuckDB checkpoints the file when
#: dbt closes its connection, just after the artifacts are written).
MTIME_SLACK_AFTER_SECONDS = 120.0


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


def load_json(path: Path, what: str) -> dict:
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


def _upstream_of(manifest: dict, node_ids: set[str]) -> set[str]:
    """The nodes and every node they depend on, transitively (the manifest's parent map)."""
    parents = manifest.get("parent_map", {})
    seen, todo = set(), list(node_ids)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(parents.get(node, []))
    return seen


def _tests_on(manifest: dict, mart_ids: set[str]) -> set[str]:
    """Data tests and unit tests of the manifest that test a mart or a model a mart is built from
    (so the quarantine gate on the raw files, upstream of every mart, must have run too)."""
    lineage = _upstream_of(manifest, mart_ids)
    tests = set()
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") == "test" and lineage & set(
            node.get("depends_on", {}).get("nodes", [])
        ):
            tests.add(unique_id)
    for unique_id, node in manifest.get("unit_tests", {}).items():
        if lineage & set(node.get("depends_on", {}).get("nodes", [])):
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
            message = [line.strip() for line in (result.get("message") or "").splitlines()]
            message = [line for line in message if line]
            failures = result.get("failures")
            detail = f" ({failures} failing rows)" if failures else ""
            # an error's cause is on its last line (the first only says "Runtime Error in ...")
            if message:
                detail += f": {message[-1] if result['status'] == 'error' else message[0]}"
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
            f"{len(untested)} tests of the marts or the models they are built from did not run in "
            f"the last build ({shown}{more}). "
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
