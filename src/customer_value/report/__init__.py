"""A self-contained HTML report of the marts for a marketing audience: headline figures, RFM
segments, clusters, lifetime value, model validation and data quality, with inline SVG charts.

Modules, one job each: :mod:`.data` (queries), :mod:`.findings` (headline numbers and chart
titles), :mod:`.charts` (SVG charts) on :mod:`.svg` (scales and axes), :mod:`.palette`
(colours), :mod:`.formatting` (numbers), :mod:`.html` (the page), :mod:`.command` (the
``customer-value report`` subcommand).
"""

from customer_value.report.command import add_arguments, build_report, run

__all__ = ["add_arguments", "build_report", "run"]
