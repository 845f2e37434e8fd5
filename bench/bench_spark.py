"""Benchmark: the line-level SQL layer (selector spark_sql_layer: staging to customer_rfm and the
customer-day tables, with every data test) on DuckDB and on a local Spark, at given sizes.

Usage::

    python bench/bench_spark.py [--lines 1000000 10000000] [--workdir bench/out/spark]
                                [--spark-master local[2]] [--spark-memory 8g]

For each size it generates a raw file (`customer-value generate --lines N`, seed 42, Parquet),
then runs `dbt build --selector spark_sql_layer` on the dev target (DuckDB, a fresh warehouse)
and on the spark target (dbt-spark method session, a fresh metastore and warehouse folder), and
prints the wall time of each and the peak resident memory of the process tree (Spark's JVM is a
child of the dbt process). It then checks that both builds give the same customer_rfm. Needs the
spark extra (`make spark`) and Java 17. Nothing is left running: the JVM ends with dbt.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(PROJECT_DIR / "bench"))
from bench_pipeline import MemorySampler  # noqa: E402


def generate(lines: int, folder: Path) -> Path:
    path = folder / f"lines_{lines}.parquet"
    if not path.exists():
        subprocess.run(
            [str(BIN / "customer-value"), "generate", "--lines", str(lines), "-o", str(path)]
            + ["--seed", "42", "--quiet"],
            check=True,
        )
    return path


def timed_build(target: str, raw: Path, folder: Path, env: dict) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of one `dbt build` of the SQL layer."""
    variables = {"raw_transactions_path": str(raw)}
    if target == "spark":  # on DuckDB the var would mean "read Spark's output"
        variables["spark_output_path"] = str(folder / "output")
    command = [str(BIN / "dbt"), "build", "--target", target, "--selector", "spark_sql_layer"]
    command += ["--vars", json.dumps(variables)]
    log = folder / f"{target}.log"
    start = time.time()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=out)
        sampler = MemorySampler(process.pid, interval=0.5)
        sampler.start()
        returncode = process.wait()
        sampler.stop()
    seconds = time.time() - start
    if returncode != 0:
        raise SystemExit(f"{target} build failed, see {log}")
    return seconds, sampler.peak()


def same_rfm(duckdb_file: Path, spark_output: Path) -> bool:
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        query = "select count(*) from (select * from {a} except all select * from {b})"
        spark = f"read_parquet('{spark_output}/customer_rfm/*.parquet')"
        return all(
            con.sql(query.format(a=a, b=b)).fetchall()[0][0] == 0
            for a, b in [("customer_rfm", spark), (spark, "customer_rfm")]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--workdir", type=Path, default=PROJECT_DIR / "bench" / "out" / "spark")
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--spark-memory", default="8g")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for lines in args.lines:
        raw = generate(lines, args.workdir)
        for target in ["dev", "spark"]:
            folder = args.workdir / f"{lines}_{target}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            env = {
                **os.environ,
                "CUSTOMER_VALUE_DB": str(folder / "warehouse.duckdb"),
                "CUSTOMER_VALUE_SPARK_DIR": str(folder / "spark"),
                "CUSTOMER_VALUE_SPARK_MASTER": args.spark_master,
                "CUSTOMER_VALUE_SPARK_MEMORY": args.spark_memory,
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "DBT_TARGET_PATH": str(folder / "target"),
                "DBT_LOG_PATH": str(folder / "logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
            seconds, peak = timed_build(target, raw, folder, env)
            rows.append((lines, target, seconds, peak))
            engine = "DuckDB" if target == "dev" else f"Spark {args.spark_master}"
            print(
                f"{lines:>11,} lines  {engine:<15} {seconds:8.1f} s  peak {peak / 2**30:5.2f} GiB",
                flush=True,
            )
        equal = same_rfm(
            args.workdir / f"{lines}_dev" / "warehouse.duckdb",
            args.workdir / f"{lines}_spark" / "output",
        )
        print(f"{lines:>11,} lines  customer_rfm equal on both engines: {equal}", flush=True)
    print("\nlines, engine, seconds, peak GiB")
    for lines, target, seconds, peak in rows:
        engine = "duckdb" if target == "dev" else "spark"
        print(f"{lines}, {engine}, {seconds:.1f}, {peak / 2**30:.2f}")


if __name__ == "__main__":
    main()
