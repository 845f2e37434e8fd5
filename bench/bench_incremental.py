"""Benchmark of a monthly load: one new month added to a warehouse built from the months before,
against a full build of all the months.

Usage::

    python bench/bench_incremental.py /path/to/raw.parquet [--months 24] [--workdir /tmp/bench_inc]

Splits the raw file into one Parquet file per calendar month (the last ``--months`` months),
builds the first N-1 into a fresh warehouse (`dbt build`), adds month N and builds again (an
incremental load: only the new file's lines are read and only the customer x stock code items
they touch are netted again), then builds all N months into another fresh warehouse (a full
build), and prints the wall time and CPU seconds of each build and per stage the summed node
times. It checks that the incremental and the full build give the same marts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb

# bench/ is on sys.path when this file runs as a script, so its sibling is importable
from bench_pipeline import BIN, PROJECT_DIR, _timestamp, run_measured
from customer_value.warehouse import MARTS


def stage_of(unique_id: str, manifest: dict) -> str:
    """The stage a dbt node belongs to, from its kind and folder."""
    if unique_id.split(".")[0] in ("test", "unit_test"):
        return "data and unit tests"
    node = manifest["nodes"].get(unique_id, {})
    if node.get("language") == "python":
        return "Python models"
    path = node.get("original_file_path", "")
    for folder, stage in (
        ("models/staging", "staging"),
        ("models/intermediate", "line-level intermediate"),
        ("models/marts", "SQL marts"),
        ("seeds", "seeds"),
    ):
        if path.startswith(folder):
            return stage
    return "other"


#: The row of the build's CPU seconds: without the time spent waiting for a core that other work
#: holds (see bench_pipeline.run_measured), so runs made at different times compare on it.
CPU = "CPU, user + system (both cores)"
#: dbt's threads in profiles.yml: at most this many nodes run at once.
DBT_THREADS = 2


def timed_build(database: Path, raw_glob: str, workdir: Path) -> dict[str, float]:
    """`dbt build` into ``database``; wall time, CPU seconds, start-up and summed node seconds
    per stage."""
    target = workdir / f"target_{database.stem}"
    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [str(BIN / "dbt"), "build", "--vars", json.dumps({"raw_transactions_path": raw_glob})]
    run = run_measured(command, env)
    start, end, wall, sampler = run.start, run.end, run.wall, run.sampler
    results = json.loads((target / "run_results.json").read_text())["results"]
    manifest = json.loads((target / "manifest.json").read_text())
    stages: dict[str, float] = {"wall": wall, CPU: run.cpu}
    first = end
    for result in results:
        timing = {step["name"]: step for step in result.get("timing", [])}
        if "execute" not in timing or not timing["execute"].get("started_at"):
            continue
        node_start = _timestamp(timing.get("compile", timing["execute"])["started_at"])
        first = min(first, node_start)
        stage = stage_of(result["unique_id"], manifest)
        node_end = _timestamp(timing["execute"]["completed_at"])
        stages[stage] = stages.get(stage, 0.0) + node_end - node_start
    stages["start-up (parse, connect, raw-file check and load plan)"] = first - start
    stages["peak MiB"] = sampler.peak() / 2**20
    return stages


def split_by_month(raw: Path, folder: Path, months: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        found = [
            row[0]
            for row in con.sql(
                f"select distinct strftime(InvoiceDate, '%Y-%m') as month from '{raw}' order by 1"
            ).fetchall()
        ][-months:]
        paths = []
        for month in found:
            path = folder / f"{month}.parquet"
            con.sql(
                f"copy (select * from '{raw}' where strftime(InvoiceDate, '%Y-%m') = '{month}')"
                f" to '{path}' (format parquet)"
            )
            paths.append(path)
    return paths


def same_marts(first: Path, second: Path) -> list[str]:
    """The marts whose rows differ between two warehouses."""
    different = []
    with duckdb.connect(str(first), read_only=True) as con:
        con.sql(f"attach '{second}' as other (read_only)")
        for mart in MARTS:
            rows = con.sql(
                f"select count(*) from ((select * from main.{mart} except all"
                f" select * from other.main.{mart}) union all (select * from other.main.{mart}"
                f" except all select * from main.{mart}))"
            ).fetchall()[0][0]
            if rows:
                different.append(mart)
    return different


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="raw transactions file (Parquet)")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_incremental"))
    args = parser.parse_args(argv)

    shutil.rmtree(args.workdir, ignore_errors=True)
    months = split_by_month(args.raw.resolve(), args.workdir / "months", args.months)
    loaded = args.workdir / "exports"
    loaded.mkdir()
    for path in months[:-1]:
        shutil.copy(path, loaded / path.name)
    pattern = str(loaded / "*.parquet")
    print(f"{len(months)} monthly files; building the first {len(months) - 1}", file=sys.stderr)
    first = timed_build(args.workdir / "incremental.duckdb", pattern, args.workdir)
    shutil.copy(months[-1], loaded / months[-1].name)
    print(f"adding {months[-1].name}: incremental build", file=sys.stderr)
    incremental = timed_build(args.workdir / "incremental.duckdb", pattern, args.workdir)
    print("full build of all months", file=sys.stderr)
    full = timed_build(args.workdir / "full.duckdb", pattern, args.workdir)

    with duckdb.connect() as con:
        lines = con.sql(f"select count(*) from '{pattern}'").fetchall()[0][0]
    print(f"\n{lines:,} lines in {len(months)} monthly files; stage seconds summed over nodes")
    print(f"{'stage':<58} {'first N-1':>10} {'add month N':>12} {'full N':>9} {'share':>7}")
    for stage in full:
        if stage == "peak MiB":
            continue
        share = incremental.get(stage, 0.0) / full[stage] if full[stage] else float("nan")
        print(
            f"{stage:<58} {first.get(stage, 0.0):>10.2f} {incremental.get(stage, 0.0):>12.2f}"
            f" {full[stage]:>9.2f} {share:>7.0%}"
        )
    print(
        f"{'peak MiB':<58} {first['peak MiB']:>10.0f} {incremental['peak MiB']:>12.0f}"
        f" {full['peak MiB']:>9.0f}"
    )
    # what the month cannot go below while the customer level runs in full: its Python models'
    # node time spread over the build's two threads
    python_bound = incremental.get("Python models", 0.0) / DBT_THREADS
    print(
        f"the month's Python models alone: {incremental.get('Python models', 0.0):.1f} s of node"
        f" time, at least {python_bound:.1f} s of wall time on {DBT_THREADS} threads"
        f" = {python_bound / full['wall']:.0%} of the full build"
    )
    different = same_marts(args.workdir / "incremental.duckdb", args.workdir / "full.duckdb")
    print("marts identical to the full build" if not different else f"DIFFERENT: {different}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
