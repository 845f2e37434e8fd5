"""Benchmark of the whole pipeline on one raw file: `dbt build`, then publish.

Usage::

    python bench/bench_pipeline.py /path/to/raw.parquet [--workdir /tmp/bench] [--no-publish]

Runs `dbt build` into a fresh warehouse in the work folder (the project's own warehouse is not
touched), samples the resident memory of the dbt process every 0.1 s, and prints per stage the
wall time and peak memory: dbt start-up (parsing, connecting, the raw-file check), the SQL models,
each Python model, the data tests, and publish. It also measures two floors and states the
pipeline, its SQL layer and its staging model as multiples of them:

* the single-scan floor: one DuckDB query that reads the raw file and aggregates per customer
  (it writes nothing);
* the copy floor: the raw file copied as it is into a table of a fresh DuckDB file with the
  build's memory limit (``create table as select * from ...``): what writing every line costs
  before any column is cleaned, flagged or added. Staging must write every line (the cleaned
  sales and the quarantine are line-level tables), so no SQL layer can be cheaper than this.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: The model that reads every raw line and writes it, typed and flagged.
STAGING_MODEL = "stg_online_retail__transactions"


class MemorySampler(threading.Thread):
    """Samples the resident set size (process and children) of a running process."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []  # (unix time, bytes)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss = _tree_rss(self.pid)
            if rss:
                self.samples.append((time.time(), rss))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def peak(self, start: float = float("-inf"), end: float = float("inf")) -> int:
        inside = [rss for moment, rss in self.samples if start <= moment <= end + self.interval]
        return max(inside, default=0)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its direct children (from /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


class Measured(NamedTuple):
    """One measured command: its start and end (unix time), wall seconds, memory samples and
    the CPU seconds (user + system) of it and the processes it waited for."""

    start: float
    end: float
    wall: float
    sampler: MemorySampler
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], env: dict) -> Measured:
    """Run a command and measure it (:class:`Measured`). Raises if it fails.

    The CPU seconds count every core: on this 2-core machine a build that keeps both busy uses
    about twice its wall time. They leave out the time spent waiting for a core that other work
    holds, so runs made in different hours compare on them more directly."""
    cpu_before = _children_cpu()
    start = time.time()
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = MemorySampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    sampler.stop()
    end = time.time()
    if process.returncode != 0:
        sys.stderr.write(output[-6000:])
        raise SystemExit(f"{' '.join(command[:2])} failed with exit code {process.returncode}")
    return Measured(start, end, end - start, sampler, _children_cpu() - cpu_before)


def _timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def stage_of(unique_id: str, manifest: dict) -> str:
    node = manifest["nodes"].get(unique_id, {})
    resource = unique_id.split(".")[0]
    if resource in ("test", "unit_test"):
        return "tests"
    if resource == "seed":
        return "SQL models and seeds"
    if node.get("language") == "python":
        return f"python model {node['name']}"
    return "SQL models and seeds"


def single_scan_floor(raw_path: str) -> float:
    """Seconds for one DuckDB query that reads the raw file and aggregates per customer."""
    reader = "read_csv" if raw_path.lower().endswith((".csv", ".csv.gz")) else "read_parquet"
    with duckdb.connect() as con:
        columns = {
            row[0] for row in con.sql(f"describe select * from {reader}('{raw_path}')").fetchall()
        }
        customer = '"Customer ID"' if "Customer ID" in columns else "CustomerID"
        price = "Price" if "Price" in columns else "UnitPrice"
        started = time.perf_counter()
        con.sql(
            f"select {customer}, count(*), sum(Quantity * {price}), max(InvoiceDate)"
            f" from {reader}('{raw_path}') group by 1"
        ).fetchall()
        return time.perf_counter() - started


def copy_floor(raw_path: str, workdir: Path) -> float:
    """Seconds to copy the raw file as it is into a table of a fresh DuckDB file in ``workdir``
    (DuckDB settings as the build's profile: ``memory_limit`` from ``CUSTOMER_VALUE_MEMORY_LIMIT``,
    default 4GB, and insertion order not preserved); the file is deleted afterwards."""
    reader = "read_csv" if raw_path.lower().endswith((".csv", ".csv.gz")) else "read_parquet"
    database = workdir / "copy_floor.duckdb"
    for stale in workdir.glob("copy_floor.duckdb*"):
        stale.unlink()
    memory_limit = os.environ.get("CUSTOMER_VALUE_MEMORY_LIMIT", "4GB")
    try:
        with duckdb.connect(
            str(database), config={"memory_limit": memory_limit, "preserve_insertion_order": False}
        ) as con:
            started = time.perf_counter()
            con.execute(f"create table raw_copy as select * from {reader}('{raw_path}')")
            con.execute("checkpoint")
            return time.perf_counter() - started
    finally:
        for written in workdir.glob("copy_floor.duckdb*"):
            written.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", help="raw transactions file (CSV or Parquet)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_pipeline"))
    parser.add_argument("--no-publish", action="store_true", help="skip the publish stage")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    raw = str(Path(args.raw).resolve())
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.workdir / "warehouse.duckdb"
    for stale in args.workdir.glob("warehouse.duckdb*"):
        stale.unlink()
    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "CUSTOMER_VALUE_SERVING_DIR": str(args.workdir / "serving"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(args.workdir / "target"),
        "DBT_LOG_PATH": str(args.workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    print(f"raw file: {raw}", file=sys.stderr)
    floor = single_scan_floor(raw)
    print(f"DuckDB single-scan floor: {floor:.2f} s", file=sys.stderr)
    copy_seconds = copy_floor(raw, args.workdir)
    print(f"DuckDB copy floor: {copy_seconds:.2f} s", file=sys.stderr)

    vars_json = json.dumps({"raw_transactions_path": raw})
    build = run_measured([str(BIN / "dbt"), "build", "--vars", vars_json], env)
    start, end, wall, sampler = build.start, build.end, build.wall, build.sampler
    results = json.loads((args.workdir / "target" / "run_results.json").read_text())
    manifest = json.loads((args.workdir / "target" / "manifest.json").read_text())

    stages: dict[str, dict] = {}
    first_node = end
    staging_seconds = 0.0
    for result in results["results"]:
        timing = {step["name"]: step for step in result.get("timing", [])}
        if "execute" not in timing or not timing["execute"].get("started_at"):
            continue
        node_start = _timestamp(timing.get("compile", timing["execute"])["started_at"])
        node_end = _timestamp(timing["execute"]["completed_at"])
        first_node = min(first_node, node_start)
        stage = stages.setdefault(
            stage_of(result["unique_id"], manifest),
            {"seconds": 0.0, "start": node_start, "end": node_end},
        )
        stage["seconds"] += node_end - node_start
        if result["unique_id"].endswith(f".{STAGING_MODEL}"):
            staging_seconds = node_end - node_start
        stage["start"] = min(stage["start"], node_start)
        stage["end"] = max(stage["end"], node_end)

    rows = [
        (
            "dbt start-up (parse, connect, raw-file check)",
            first_node - start,
            sampler.peak(start, first_node),
        )
    ]
    for name, stage in sorted(stages.items(), key=lambda item: item[1]["start"]):
        rows.append((name, stage["seconds"], sampler.peak(stage["start"], stage["end"])))
    rows.append(("dbt build, wall", wall, sampler.peak()))

    total = wall
    if not args.no_publish:
        command = [
            str(BIN / "customer-value"),
            "publish",
            "--target-path",
            str(args.workdir / "target"),
        ]
        publish = run_measured(command, env)
        rows.append(("publish", publish.wall, publish.sampler.peak()))
        total += publish.wall
    rows.append(("end to end", total, max(peak for _, _, peak in rows)))

    with duckdb.connect() as con:
        lines = con.sql(f"select count(*) from '{raw}'").fetchall()[0][0]
    print(
        f"\n{lines:,} raw lines; stage times are the sum of the stage's node times (2 dbt threads)"
    )
    print(f"{'stage':<50} {'seconds':>9} {'peak MiB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<50} {seconds:>9.2f} {peak / 2**20:>9.0f}")
    print(f"{'DuckDB single-scan floor':<50} {floor:>9.2f}")
    print(f"{'DuckDB copy floor (the raw file into a table)':<50} {copy_seconds:>9.2f}")
    print(
        f"dbt build: {build.cpu:.1f} s of CPU (user + system) in {wall:.1f} s, "
        f"{build.cpu / wall:.2f} cores busy on average"
    )
    print(f"end to end = {total / floor:,.0f} x the single-scan floor")
    sql_seconds = stages.get("SQL models and seeds", {}).get("seconds", 0.0)
    for name, seconds in (("staging", staging_seconds), ("SQL models and seeds", sql_seconds)):
        print(
            f"{name}: {seconds:.1f} s = {seconds / floor:,.1f} x the single-scan floor, "
            f"{seconds / copy_seconds:,.1f} x the copy floor"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "raw": raw,
                    "lines": lines,
                    "floor_seconds": floor,
                    "copy_floor_seconds": copy_seconds,
                    "staging_seconds": staging_seconds,
                    "stages": [{"stage": n, "seconds": s, "peak_bytes": p} for n, s, p in rows],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
