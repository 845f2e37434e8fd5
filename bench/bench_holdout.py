"""Holdout validation of the CLV models on any raw file: the table the README's model-validation
section shows.

Usage::

    python bench/bench_holdout.py /path/to/raw.parquet [--holdout-days 180 365]
        [--workdir /tmp/bench_holdout] [--vars '{"clv_penalizer": 0.01}']

For each holdout length, runs the whole `dbt build` (every test must pass) with vars
raw_transactions_path and holdout_days into a fresh warehouse in the work folder (the
project's own warehouse is not touched) and prints clv_model_validation as a Markdown table, one
row per metric and one column per model, with the winner per metric (the rule of
customer_value.clv.winners: lowest absolute error, highest correlation, capture, AUC, coverage
closest to nominal), who was fitted how (left-censored or not) and the model
customer_lifetime_value uses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def build(raw: Path, holdout_days: int, workdir: Path, extra_vars: dict) -> Path:
    """`dbt build` of the validation marts into workdir/holdout_<days>/; returns the database."""
    folder = workdir / f"holdout_{holdout_days}"
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "customer_value.duckdb"
    database.unlink(missing_ok=True)
    variables = {"raw_transactions_path": str(raw), "holdout_days": holdout_days, **extra_vars}
    env = {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [str(BIN / "dbt"), "build", "--vars", json.dumps(variables)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"dbt build failed for holdout_days={holdout_days}:\n{done.stdout[-4000:]}")
    print(f"(dbt build, holdout {holdout_days} days: {time.perf_counter() - started:.0f} s)")
    return database


def validation_table(database: Path) -> pd.DataFrame:
    """clv_model_validation pivoted to metric x model, with the winner per metric."""
    with duckdb.connect(str(database), read_only=True) as con:
        long = con.sql("select * from clv_model_validation").df()
    table = long.pivot(index="metric", columns="model", values="value")
    table = table.reindex(pd.unique(long["metric"]))
    if "winner" in long.columns:
        winners = long.drop_duplicates("metric").set_index("metric")["winner"]
        table["winner"] = winners.reindex(table.index)
    else:
        table["winner"] = None
    return table


def fitting_notes(database: Path) -> str:
    """Who was fitted how (left-censored customers in calibration and the whole window), and the
    purchase model customer_lifetime_value uses."""
    with duckdb.connect(str(database), read_only=True) as con:
        calibration = con.sql(
            "select history_treatment, count(*) from clv_holdout_predictions "
            "where model = 'naive_carry_forward' group by 1 order by 1"
        ).fetchall()
        whole = con.sql(
            "select history_treatment, count(*) from customer_lifetime_value group by 1 order by 1"
        ).fetchall()
        used = con.sql("select distinct clv_model from customer_lifetime_value").fetchall()
    return (
        f"history treatment, calibration: {dict(calibration)}; whole window: {dict(whole)}; "
        f"customer_lifetime_value uses: {', '.join(row[0] for row in used)}"
    )


def markdown(table: pd.DataFrame) -> str:
    models = [c for c in table.columns if c != "winner"]
    lines = [
        "| metric | " + " | ".join(models) + " | winner |",
        "|---|" + "---:|" * len(models) + "---|",
    ]
    for metric, row in table.iterrows():
        cells = []
        for model in models:
            value = row[model]
            text = "" if pd.isna(value) else f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
            cells.append(f"**{text}**" if model == row["winner"] else text)
        lines.append(f"| {metric} | " + " | ".join(cells) + f" | {row['winner'] or ''} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="raw transactions file (CSV or Parquet)")
    parser.add_argument("--holdout-days", type=int, nargs="+", default=[180, 365])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_holdout"))
    parser.add_argument("--vars", default="{}", help="extra dbt vars as JSON")
    args = parser.parse_args()
    raw = args.raw.resolve()
    if not raw.exists():
        sys.exit(f"raw file not found: {raw}")
    for days in args.holdout_days:
        database = build(raw, days, args.workdir / raw.stem, json.loads(args.vars))
        print(f"\n### {raw.name}, holdout {days} days\n")
        print(markdown(validation_table(database)))
        print(f"\n{fitting_notes(database)}\n")


if __name__ == "__main__":
    main()
