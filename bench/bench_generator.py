"""Benchmark of the synthetic Online Retail II generator.

Usage::

    python bench/bench_generator.py --lines 10000000
    python bench/bench_generator.py --lines 100000000 --keep

Writes to a temporary directory under /tmp (deleted afterwards unless ``--keep``) and prints
lines, seconds, lines per second, file size and peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from customer_value.synthetic import BLOCK_CUSTOMERS, customers_for_lines, write_transactions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000, help="target lines")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk-customers", type=int, default=4 * BLOCK_CUSTOMERS)
    parser.add_argument("--csv", action="store_true", help="write CSV instead of Parquet")
    parser.add_argument("--keep", action="store_true", help="keep the output file")
    parser.add_argument("--quiet", action="store_true", help="no progress per chunk")
    args = parser.parse_args(argv)

    directory = Path(tempfile.mkdtemp(prefix="bench_generator_", dir="/tmp"))
    path = directory / ("transactions.csv" if args.csv else "transactions.parquet")
    try:
        started = time.perf_counter()
        n_customers = customers_for_lines(args.lines, seed=args.seed)
        summary = write_transactions(
            path,
            n_customers,
            seed=args.seed,
            chunk_customers=args.chunk_customers,
            progress=not args.quiet,
        )
        seconds = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        result = {
            "target_lines": args.lines,
            "lines": summary["lines"],
            "customers": n_customers,
            "invoices": summary["invoices"],
            "seconds": round(seconds, 2),
            "lines_per_second": round(summary["lines"] / seconds),
            "file_mib": round(path.stat().st_size / 2**20, 1),
            "peak_rss_mib": round(peak_mib),
            "chunk_customers": args.chunk_customers,
            "path": str(path) if args.keep else None,
        }
        print(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
