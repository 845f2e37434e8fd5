"""Command line interface: ``customer-value <subcommand> ...``.

Each subcommand is two small functions: one declares its arguments, one runs it and returns
the exit status (``_add_<name>`` / ``_run_<name>`` here, or ``add_arguments`` / ``run`` in the
subcommand's own module); :data:`SUBCOMMANDS` lists them. User errors
(``ValueError``, missing files) print one line to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from customer_value import __version__, build_summary, publish, report, tracking_summary

EXIT_USAGE = 2


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _add_generate(parser: argparse.ArgumentParser) -> None:
    from customer_value.synthetic import LINES_PER_INVOICE

    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--customers", type=_positive_int, help="number of customers")
    size.add_argument(
        "--lines", type=_positive_int, help="about this many lines (customers are derived)"
    )
    parser.add_argument("--output", "-o", required=True, help="output .parquet (or .csv) path")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--start", default="2009-12-01", help="first day (default 2009-12-01)")
    parser.add_argument("--end", default="2011-12-09", help="last day (default 2011-12-09)")
    parser.add_argument(
        "--lines-per-invoice",
        type=float,
        default=LINES_PER_INVOICE,
        help=f"mean lines of a customer's invoice (default {LINES_PER_INVOICE}, as measured)",
    )
    parser.add_argument(
        "--true-parameters",
        default=None,
        help="JSON path for the true parameters (default <stem>_true_parameters.json)",
    )
    parser.add_argument(
        "--chunk-customers", type=_positive_int, default=None, help="customers per chunk"
    )
    parser.add_argument(
        "--compression-level", type=int, default=None, help="zstd level (Parquet only)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


def _run_generate(args: argparse.Namespace) -> int:
    from customer_value import synthetic

    n_customers = args.customers
    if n_customers is None:
        n_customers = synthetic.customers_for_lines(
            args.lines,
            start=args.start,
            end=args.end,
            seed=args.seed,
            lines_per_invoice=args.lines_per_invoice,
        )
    options = {}
    if args.chunk_customers is not None:
        options["chunk_customers"] = args.chunk_customers
    summary = synthetic.write_transactions(
        args.output,
        n_customers,
        seed=args.seed,
        start=args.start,
        end=args.end,
        progress=not args.quiet,
        lines_per_invoice=args.lines_per_invoice,
        true_parameters_path=args.true_parameters,
        compression_level=args.compression_level,
        **options,
    )
    print(json.dumps(summary))
    return 0


def _add_ingest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("xlsx", help="the UCI workbook, e.g. online_retail_II.xlsx")
    parser.add_argument("output", help="the Parquet file to write, e.g. data/raw.parquet")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


def _run_ingest(args: argparse.Namespace) -> int:
    from customer_value.ingest import ingest_workbook

    summary = ingest_workbook(args.xlsx, args.output, progress=not args.quiet)
    print(json.dumps(summary))
    return 0


#: Subcommand name -> (help, add arguments, run). Add new subcommands here.
SUBCOMMANDS: dict[
    str,
    tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]],
] = {
    "generate": (
        "write synthetic Online Retail II transactions with known true parameters",
        _add_generate,
        _run_generate,
    ),
    "ingest": (
        "convert the UCI Online Retail II workbook (.xlsx, all sheets) to Parquet",
        _add_ingest,
        _run_ingest,
    ),
    "publish": (
        "publish the tested marts to serving/ (DuckDB, Parquet, CSV) for BI tools, "
        "only after a dbt build whose tests all passed",
        publish.add_arguments,
        publish.run,
    ),
    "report": (
        "write the self-contained HTML report (segments, clusters, CLV, data quality)",
        report.add_arguments,
        report.run,
    ),
    "summary": (
        "print what the last build produced and where",
        build_summary.add_arguments,
        build_summary.run,
    ),
    "tracking": (
        "print the publications dbt snapshot recorded and how their predictions came true",
        tracking_summary.add_arguments,
        tracking_summary.run,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-parser per entry of :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="customer-value",
        description="Customer segmentation and lifetime value on dbt + DuckDB.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="command", required=True)
    for name, (help_text, add_arguments, run) in SUBCOMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        add_arguments(sub)
        sub.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 user error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse printed its message (or help / version)
        return int(exit_.code or 0)
    try:
        return args.run(args)
    except (ValueError, FileNotFoundError, PermissionError, IsADirectoryError) as error:
        print(f"customer-value {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"customer-value {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
