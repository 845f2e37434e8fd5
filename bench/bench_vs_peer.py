"""This project end to end against the peer notebook, alternating, on the same raw files.

Usage::

    make bench-peer-env      # once: the peer's own virtualenv, .venv-bench-peer (lifetimes etc.)
    python bench/bench_vs_peer.py RAW.parquet [RAW2.parquet ...] [--rounds 3]
        [--peer-script ../shared/bench/peer_notebook.py] [--workdir /tmp/bench_vs_peer] [--floor]

For each raw file, after one warm-up run of each (not counted: it fills the page cache and dbt's
partial-parse file), runs ``--rounds`` rounds of: this project (a fresh warehouse, ``dbt build``
then ``customer-value publish``) and the peer notebook (``peer_notebook.py RAW OUT``, one Python
process), the order swapped every round (ABBA) so that a drift in the machine's load does not
favour either. Each run's wall time and peak resident memory (the process and its children,
sampled every 0.1 s) are printed, then the medians and the ratio project / peer (below 1 = the
project is faster), per round and of the medians. Absolute times drift on a shared machine;
quote the ratio of runs made together.

``--floor`` adds a third run to every round: this project end to end on a tiny generated file
(``customer-value generate --customers 300``, seed 42: about 47,000 lines over two years), the
fixed cost of its whole DAG (dbt's start-up and every model, test and unit test, each on almost
no data). Its ratio to the peer says how near the peer the project can come on a file at all
without dropping nodes: a target ratio below it cannot be met by making the data's work faster.

The peer notebook lives outside the repository (it is the anchor the performance targets are
measured against, with ``lifetimes``, which must not enter the project's environment): pass its
path, or set PEER_NOTEBOOK; its Python is ``.venv-bench-peer/bin/python`` unless --peer-python.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench_pipeline import BIN, PROJECT_DIR, run_measured

#: The nearest shared/bench/peer_notebook.py above the project (../shared from a checkout).
DEFAULT_PEER_SCRIPT = next(
    (
        folder / "shared" / "bench" / "peer_notebook.py"
        for folder in PROJECT_DIR.parents
        if (folder / "shared" / "bench" / "peer_notebook.py").is_file()
    ),
    PROJECT_DIR.parent / "shared" / "bench" / "peer_notebook.py",
)
DEFAULT_PEER_PYTHON = PROJECT_DIR / ".venv-bench-peer" / "bin" / "python"
#: Customers of the generated file of the --floor run.
FLOOR_CUSTOMERS = 300


def floor_file(workdir: Path) -> str:
    """The tiny generated raw file of the --floor run (made once per workdir)."""
    path = workdir / f"floor_{FLOOR_CUSTOMERS}_customers.parquet"
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        command = [str(BIN / "customer-value"), "generate", "--customers", str(FLOOR_CUSTOMERS)]
        subprocess.run(command + ["-o", str(path), "--seed", "42", "--quiet"], check=True)
    return str(path)


def project_run(raw: str, workdir: Path) -> tuple[float, int]:
    """`dbt build` into a fresh warehouse, then publish; (wall seconds, peak bytes)."""
    for stale in workdir.glob("warehouse.duckdb*"):
        stale.unlink()
    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(workdir / "warehouse.duckdb"),
        "CUSTOMER_VALUE_SERVING_DIR": str(workdir / "serving"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    build = [str(BIN / "dbt"), "build", "--vars", json.dumps({"raw_transactions_path": raw})]
    built = run_measured(build, env)
    publish = [str(BIN / "customer-value"), "publish", "--target-path", str(workdir / "target")]
    published = run_measured(publish, env)
    return built.wall + published.wall, max(built.sampler.peak(), published.sampler.peak())


def peer_run(raw: str, workdir: Path, python: Path, script: Path) -> tuple[float, int]:
    """The notebook top to bottom in one process; (wall seconds, peak bytes)."""
    command = [str(python), str(script), raw, str(workdir / "peer_customers.parquet")]
    run = run_measured(command, dict(os.environ))
    return run.wall, run.sampler.peak()


def compare(
    raw: str, rounds: int, workdir: Path, python: Path, script: Path, floor: str | None = None
) -> dict:
    """Warm-up, then ``rounds`` alternating rounds; the figures of one raw file (and of the
    project on ``floor``, the tiny file, when given)."""
    workdir.mkdir(parents=True, exist_ok=True)
    runs = {
        "project": lambda: project_run(raw, workdir),
        "peer": lambda: peer_run(raw, workdir, python, script),
    }
    if floor is not None:
        # its own folder: other vars would make dbt parse the project again every run
        runs["floor"] = lambda: project_run(floor, workdir / "floor")
    print(f"\n{raw}", flush=True)
    for name, run in runs.items():
        wall, peak = run()
        print(f"  warm-up {name:<8} {wall:8.2f} s {peak / 2**30:6.2f} GiB (uncounted)", flush=True)
    figures = {name: [] for name in runs}
    for index in range(rounds):
        order = list(runs) if index % 2 == 0 else list(reversed(runs))
        for name in order:
            wall, peak = runs[name]()
            figures[name].append({"seconds": wall, "peak_bytes": peak})
            print(
                f"  round {index + 1} {name:<8} {wall:8.2f} s {peak / 2**30:6.2f} GiB", flush=True
            )
    return figures


def summarise(raw: str, figures: dict) -> dict:
    project = [run["seconds"] for run in figures["project"]]
    peer = [run["seconds"] for run in figures["peer"]]
    medians = {name: statistics.median(run["seconds"] for run in figures[name]) for name in figures}
    peaks = {name: max(run["peak_bytes"] for run in figures[name]) for name in figures}
    per_round = [mine / theirs for mine, theirs in zip(project, peer, strict=True)]
    summary = {
        "raw": raw,
        "project_seconds": project,
        "peer_seconds": peer,
        "project_median_seconds": medians["project"],
        "peer_median_seconds": medians["peer"],
        "ratio_of_medians": medians["project"] / medians["peer"],
        "ratio_per_round": per_round,
        "project_peak_bytes": peaks["project"],
        "peer_peak_bytes": peaks["peer"],
    }
    if "floor" in figures:
        floor = [run["seconds"] for run in figures["floor"]]
        summary["floor_seconds"] = floor
        summary["floor_median_seconds"] = medians["floor"]
        summary["floor_ratio_of_medians"] = medians["floor"] / medians["peer"]
        summary["floor_ratio_per_round"] = [f / p for f, p in zip(floor, peer, strict=True)]
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="+", help="raw transactions file(s), Online Retail II names")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per file")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_vs_peer"))
    parser.add_argument(
        "--peer-script",
        type=Path,
        default=Path(os.environ.get("PEER_NOTEBOOK", DEFAULT_PEER_SCRIPT)),
        help="the peer notebook (default: PEER_NOTEBOOK or the nearest shared/bench above)",
    )
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    parser.add_argument(
        "--floor",
        action="store_true",
        help=f"also run the project on a generated file of {FLOOR_CUSTOMERS} customers every round",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.peer_script.is_file():
        parser.error(f"peer notebook not found at {args.peer_script}: pass --peer-script")
    if not args.peer_python.is_file():
        parser.error(f"no peer Python at {args.peer_python}: run `make bench-peer-env` first")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    floor = floor_file(args.workdir) if args.floor else None
    summaries = []
    for number, raw in enumerate(args.raw):
        raw = str(Path(raw).resolve())
        folder = args.workdir / f"file_{number}"
        figures = compare(raw, args.rounds, folder, args.peer_python, args.peer_script, floor)
        summaries.append(summarise(raw, figures))

    print(f"\nmedians of {args.rounds} alternating rounds; ratio = project / peer (< 1: faster)")
    print(
        f"{'raw file':<40} {'project s':>9} {'peer s':>8} {'ratio':>6} {'per round':>20} "
        f"{'project GiB':>11} {'peer GiB':>8}"
    )
    for s in summaries:
        rounds = " ".join(f"{ratio:.2f}" for ratio in s["ratio_per_round"])
        print(
            f"{Path(s['raw']).name[:40]:<40} {s['project_median_seconds']:>9.2f} "
            f"{s['peer_median_seconds']:>8.2f} {s['ratio_of_medians']:>5.2f}x {rounds:>20} "
            f"{s['project_peak_bytes'] / 2**30:>11.2f} {s['peer_peak_bytes'] / 2**30:>8.2f}"
        )
    for s in summaries:
        if "floor_median_seconds" in s:
            rounds = " ".join(f"{ratio:.2f}" for ratio in s["floor_ratio_per_round"])
            print(
                f"floor beside {Path(s['raw']).name}: the project on {FLOOR_CUSTOMERS} generated "
                f"customers {s['floor_median_seconds']:.2f} s = {s['floor_ratio_of_medians']:.2f}x "
                f"the peer (per round {rounds})"
            )
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
