"""The report's charts as inline SVG strings, one function per chart. Each takes the DataFrame of
:mod:`customer_value.report.data` it draws and returns ``<svg>...</svg>``; colours come from
:mod:`customer_value.report.palette`, styling from the page's CSS classes. One module per part of
the report."""

from customer_value.report.charts.clusters import cluster_scatter, k_search_lines
from customer_value.report.charts.clv import (
    alive_scatter,
    calibration_lines,
    clv_tier_boxes,
    total_error_bars,
)
from customer_value.report.charts.data_quality import data_quality_bars
from customer_value.report.charts.segments import rfm_heatmap, segment_share_bars

__all__ = [
    "alive_scatter",
    "calibration_lines",
    "cluster_scatter",
    "clv_tier_boxes",
    "data_quality_bars",
    "k_search_lines",
    "rfm_heatmap",
    "segment_share_bars",
    "total_error_bars",
]
