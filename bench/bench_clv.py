"""Benchmark: BG/NBD + Gamma-Gamma maximum likelihood on 1 million synthetic customers.

Usage::

    .venv/bin/python bench/bench_clv.py                      # 1M customers from the generator
    .venv/bin/python bench/bench_clv.py --source summary     # summary-level simulation
    .venv/bin/python bench/bench_clv.py --lifetimes-python /tmp/lt/bin/python

Data: by default the customer-day lines come from
``customer_value.synthetic.simulate_customer_purchases`` (Online Retail II period, default
true parameters) and are summarised with ``rfm_summary`` in weeks; ``--source summary``
draws the (frequency, recency, T, monetary_value) summary directly from the model
(``customer_value.clv.simulate.simulate_summary``) with recency and T floored to whole days.
The budget is 30 s for the two fits on a 2-core machine.

Comparison with ``lifetimes`` (optional): ``lifetimes`` is not a dependency of this project.
When it is importable here, or when ``--lifetimes-python`` points at an interpreter of a
throwaway virtualenv that has it (it needs old pins, e.g. ``pip install lifetimes==0.11.3
"numpy<1.24" "pandas<2" "scipy<1.11"``), the same summary is fitted with
``BetaGeoFitter`` and ``GammaGammaFitter`` and the time ratio and parameter agreement are
printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from customer_value.clv import BetaGeoModel, GammaGammaModel, rfm_summary
from customer_value.clv.simulate import simulate_summary
from customer_value.synthetic import DEFAULT_TRUE_PARAMETERS, simulate_customer_purchases

BUDGET_SECONDS = 30.0

LIFETIMES_SCRIPT = r"""
import json, sys, time
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
folder = sys.argv[1]
x = np.load(folder + "/frequency.npy"); tx = np.load(folder + "/recency.npy")
T = np.load(folder + "/T.npy"); m = np.load(folder + "/monetary_value.npy")
out = {}
start = time.perf_counter()
bg = BetaGeoFitter(penalizer_coef=0.0).fit(pd.Series(x), pd.Series(tx), pd.Series(T))
out["bgnbd_seconds"] = time.perf_counter() - start
out["bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
rep = x > 0
start = time.perf_counter()
gg = GammaGammaFitter(penalizer_coef=0.0).fit(pd.Series(x[rep]), pd.Series(m[rep]))
out["gamma_gamma_seconds"] = time.perf_counter() - start
out["gamma_gamma"] = {k: float(v) for k, v in gg.params_.items()}
import lifetimes
out["version"] = lifetimes.__version__
print(json.dumps(out))
"""


def build_summary(n: int, source: str, seed: int) -> tuple[pd.DataFrame, dict]:
    timings = {}
    if source == "lines":
        start = time.perf_counter()
        days = simulate_customer_purchases(n, seed=seed)
        timings["simulate_lines"] = time.perf_counter() - start
        start = time.perf_counter()
        summary = rfm_summary(days, "2011-12-09", time_unit="weeks")
        timings["rfm_summary"] = time.perf_counter() - start
        print(f"simulated {len(days):,} customer-day lines for {n:,} customers")
    else:
        t = DEFAULT_TRUE_PARAMETERS
        start = time.perf_counter()
        summary = simulate_summary(
            n, t.r, t.alpha, t.a, t.b, t.p, t.q, t.gamma, T_max=105.0, seed=seed
        )
        summary["T"] = np.floor(summary["T"] * 7) / 7
        summary["recency"] = np.minimum(np.floor(summary["recency"] * 7) / 7, summary["T"])
        timings["simulate_summary"] = time.perf_counter() - start
    return summary, timings


def run_lifetimes(summary: pd.DataFrame, python: str | None) -> dict | None:
    arrays = {c: summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T")}
    arrays["monetary_value"] = summary["monetary_value"].to_numpy(dtype=float)
    with tempfile.TemporaryDirectory() as folder:
        for name, values in arrays.items():
            np.save(Path(folder) / f"{name}.npy", values)
        if python is None:
            if importlib.util.find_spec("lifetimes") is None:
                return None
            python = sys.executable
        proc = subprocess.run(
            [python, "-c", LIFETIMES_SCRIPT, folder], capture_output=True, text=True, check=False
        )
    if proc.returncode != 0:
        print("lifetimes run failed:\n" + proc.stderr[-2000:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of customers")
    parser.add_argument("--source", choices=["lines", "summary"], default="lines")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lifetimes-python", default=None, help="interpreter with lifetimes")
    parser.add_argument(
        "--lifetimes-n", type=int, default=None, help="customers for the lifetimes comparison"
    )
    args = parser.parse_args(argv)

    summary, timings = build_summary(args.n, args.source, args.seed)
    for step, seconds in timings.items():
        print(f"{step:>18}: {seconds:7.2f} s")
    n_unique = summary[["frequency", "recency", "T"]].drop_duplicates().shape[0]
    print(f"customers: {len(summary):,}; unique (frequency, recency, T) rows: {n_unique:,}")

    start = time.perf_counter()
    bg = BetaGeoModel().fit(summary)
    bg_seconds = time.perf_counter() - start
    start = time.perf_counter()
    gg = GammaGammaModel().fit(summary)
    gg_seconds = time.perf_counter() - start
    total = bg_seconds + gg_seconds
    truth = DEFAULT_TRUE_PARAMETERS
    print(
        f"BG/NBD fit:      {bg_seconds:7.2f} s ({bg.n_iter_} iterations, converged={bg.converged_})"
    )
    print(
        f"Gamma-Gamma fit: {gg_seconds:7.2f} s ({gg.n_iter_} iterations, converged={gg.converged_})"
    )
    verdict = "OK" if total < BUDGET_SECONDS else "OVER"
    print(f"total fit:       {total:7.2f} s (budget {BUDGET_SECONDS:.0f} s: {verdict})")
    table = pd.concat([bg.summary(), gg.summary()])
    table["truth"] = [truth.r, truth.alpha, truth.a, truth.b, truth.p, truth.q, truth.gamma]
    print(table.to_string(float_format=lambda v: f"{v:.5g}"))

    subset = summary if args.lifetimes_n is None else summary.iloc[: args.lifetimes_n]
    if args.lifetimes_n is not None:
        start = time.perf_counter()
        bg = BetaGeoModel().fit(subset)
        gg = GammaGammaModel().fit(subset)
        total = time.perf_counter() - start
    result = run_lifetimes(subset, args.lifetimes_python)
    if result is None:
        print("lifetimes: not available (not importable and no --lifetimes-python); skipped")
        return 0
    lt_total = result["bgnbd_seconds"] + result["gamma_gamma_seconds"]
    ours = {**bg.params_.to_dict(), **gg.params_.to_dict()}
    theirs = {
        **result["bgnbd"],
        **{
            "p": result["gamma_gamma"]["p"],
            "q": result["gamma_gamma"]["q"],
            "gamma": result["gamma_gamma"]["v"],
        },
    }
    print(f"\nlifetimes {result['version']} on the same {len(subset):,} customers:")
    lt_bg, lt_gg = result["bgnbd_seconds"], result["gamma_gamma_seconds"]
    print(f"  BG/NBD {lt_bg:.2f} s, Gamma-Gamma {lt_gg:.2f} s (both compute a Hessian)")
    print(f"  time ratio lifetimes / customer_value: {lt_total / total:.1f}x")
    for name in ours:
        rel = abs(ours[name] - theirs[name]) / abs(theirs[name])
        print(
            f"  {name:>6}: ours {ours[name]:.6g}  lifetimes {theirs[name]:.6g}  rel. diff {rel:.2e}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
