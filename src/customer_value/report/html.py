"""The report page: one self-contained HTML file (inline CSS and SVG, no scripts, nothing
fetched), assembled from the charts, the findings and a few tables."""

from __future__ import annotations

import pandas as pd

from customer_value.report import charts, findings, migration, palette
from customer_value.report.data import ReportData
from customer_value.report.file_table import file_load_table
from customer_value.report.formatting import count, gbp, is_missing, number, pct
from customer_value.report.stylesheet import CSS
from customer_value.report.svg import esc

SECTIONS = [
    ("overview", "Overview"),
    ("rfm", "RFM segments"),
    ("migration", "Segment migration"),
    ("clusters", "Clusters"),
    ("clv", "Lifetime value"),
    ("validation", "Model validation"),
    ("data-quality", "Data quality"),
]


def _swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{colour}"></span>'


def _figure(title: str, chart: str, caption: str = "") -> str:
    note = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure><h3>{esc(title)}</h3>{chart}{note}</figure>"


def _section(section_id: str, title: str, how: str, body: str) -> str:
    return (
        f'<section id="{section_id}"><h2>{esc(title)}</h2><p class="how">{esc(how)}</p>'
        f"{body}</section>"
    )


def _kpi(kpi_id: str, label: str, value: str, raw: float, sub: str) -> str:
    return (
        f'<div class="kpi" id="kpi-{kpi_id}" data-value="{raw!r}"><div class="label">{esc(label)}'
        f'</div><div class="value">{esc(value)}</div><div class="sub">{esc(sub)}</div></div>'
    )


def overview(data: ReportData) -> str:
    h = findings.headline(data)
    kpis = "".join(
        [
            _kpi(
                "customers",
                "Customers",
                count(h.customers),
                h.customers,
                f"with a net purchase, {h.first_order_date:%d %b %Y} to "
                f"{h.last_order_date:%d %b %Y}",
            ),
            _kpi(
                "net-revenue",
                "Net revenue",
                gbp(h.net_revenue),
                h.net_revenue,
                f"{gbp(h.net_revenue, compact=False)} after cancellations",
            ),
            _kpi(
                "top-segment-share",
                f"Revenue from {h.top_segment}",
                pct(h.top_segment_revenue_share),
                h.top_segment_revenue_share,
                f"the top RFM segment, {pct(h.top_segment_customer_share)} of customers",
            ),
            _kpi(
                "tier-a-share",
                "Revenue from CLV tier A",
                pct(h.tier_a_revenue_share),
                h.tier_a_revenue_share,
                f"the top quarter by predicted CLV; {pct(h.tier_a_clv_share)} of future value",
            ),
        ]
    )
    body = f'<div class="kpis">{kpis}</div>' + _figure(
        findings.segment_title(data),
        charts.segment_share_bars(data.segments),
        "Pale bar: share of customers; solid bar: share of net revenue.",
    )
    return _section(
        "overview",
        "Overview",
        "Four numbers for the business as a whole, then how unevenly revenue is spread "
        "over the RFM segments: a solid bar longer than its pale bar means the segment is worth "
        "more than its head count.",
        body,
    )


def _segment_table(segments: pd.DataFrame) -> str:
    order = {name: i for i, name in enumerate(palette.SEGMENT_ORDER)}
    rows = segments.sort_values("rfm_segment", key=lambda s: s.map(order).fillna(99))
    body = []
    for row in rows.itertuples():
        body.append(
            "<tr>"
            f"<td>{_swatch(palette.segment_colour(row.rfm_segment))}<strong>"
            f"{esc(row.rfm_segment)}</strong><span class='explain'>"
            f"{esc(row.segment_description or '')}</span></td>"
            f"<td>{esc(row.recommended_action or '')}</td>"
            f'<td class="num">{count(row.customers)}<br>{pct(row.share_of_customers)}</td>'
            f'<td class="num">{gbp(row.net_revenue)}<br>{pct(row.revenue_share)}</td>'
            f'<td class="num">{number(row.recency_days_mean, 0)}</td>'
            f'<td class="num">{pct(row.p_alive_mean)}</td>'
            f'<td class="num">{gbp(row.predicted_clv_mean)}</td>'
            "</tr>"
        )
    return (
        '<p class="table-title">Segments and what to do with them</p><table><thead><tr>'
        "<th>Segment</th><th>Recommended action</th><th class='num'>Customers</th>"
        "<th class='num'>Net revenue</th><th class='num'>Mean recency (days)</th>"
        "<th class='num'>Mean P(alive)</th><th class='num'>Mean predicted CLV</th>"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def rfm(data: ReportData) -> str:
    body = (
        '<div class="grid2">'
        + _figure(
            findings.heatmap_title(data),
            charts.rfm_heatmap(data.rfm_grid),
            "Darker cells: higher average net revenue per customer. Scores are quintiles among "
            "all customers; "
            "heavily tied values (most customers order once) can leave a score empty.",
        )
        + '<div><p class="table-title">How the scores become segments</p><p>Each customer gets '
        "a 1-5 score for <strong>recency</strong> (days since the last order, 5 = most recent), "
        "<strong>frequency</strong> (orders) and <strong>monetary</strong> value (net revenue "
        "in GBP). The recency score and the average of the frequency and monetary scores pick "
        "one of eleven named segments, each with a recommended action (below).</p>"
        "<p>The grid shows where customers sit on the two behavioural axes and how much the "
        "customers in each cell have spent on average. Top right: recent and frequent, the "
        "Champions; bottom right: frequent but long gone, the customers not to lose.</p>"
        "</div></div>" + _segment_table(data.segments)
    )
    return _section(
        "rfm",
        "RFM segments",
        "Rows are recency, columns frequency; each cell shows its customers' average net "
        "revenue and how many they are. The table lists each segment's size, value and "
        "recommended action.",
        body,
    )


def segment_migration(data: ReportData) -> str:
    pair = migration.latest_pair(data.migration)
    sizes = migration.segment_sizes(data.migration)
    body = _figure(
        migration.matrix_title(pair),
        migration.migration_matrix(pair),
        "Darker cells: a larger share of the row's customers. 'Not yet active': no order yet; "
        "'No longer active': no order for more than var inactive_after_days days (default 365). "
        "Source: segment_migration.",
    ) + _figure(
        migration.sizes_title(sizes),
        migration.segment_size_columns(sizes),
        "Segments as of each month (or quarter) end, scored among the customers active by then "
        "(customer_rfm_history); the last column may be a period cut short by the observation "
        "end.",
    )
    return _section(
        "migration",
        "Segment migration",
        "Each row of the matrix is where customers were at one period end, each column where "
        "they were at the next; the diagonal is customers who stayed. Below, the size of every "
        "segment at each period end.",
        body,
    )


def _cluster_table(profiles: pd.DataFrame, colours: dict[str, str]) -> str:
    body = []
    for row in profiles.sort_values("revenue_share", ascending=False).itertuples():
        body.append(
            "<tr>"
            f"<td>{_swatch(colours[row.cluster_name])}<strong>{esc(row.cluster_name)}</strong></td>"
            f'<td class="num">{count(row.customers)}</td>'
            f'<td class="num">{pct(row.share_of_customers)}</td>'
            f'<td class="num">{pct(row.revenue_share)}<span class="bar" '
            f'style="width:{100 * row.revenue_share:.0f}px"></span></td>'
            f'<td class="num">{number(row.recency_days_median, 0)}</td>'
            f'<td class="num">{number(row.frequency_median, 1)}</td>'
            f'<td class="num">{gbp(row.monetary_median)}</td>'
            f'<td class="num">{number(row.centroid_recency_ratio, 2)} / '
            f"{number(row.centroid_frequency_ratio, 2)} / {number(row.centroid_monetary_ratio, 2)}"
            "</td></tr>"
        )
    return (
        '<p class="table-title">Cluster profiles</p><table><thead><tr><th>Cluster</th>'
        "<th class='num'>Customers</th><th class='num'>Share</th><th class='num'>Revenue share"
        "</th><th class='num'>Median recency (days)</th><th class='num'>Median orders</th>"
        "<th class='num'>Median net revenue</th><th class='num'>Centroid R / F / M vs median"
        f"</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        "<figcaption>Names come from each centroid relative to the population medians "
        "(e.g. a recency ratio below 1 = more recent than the typical customer), never from "
        "the cluster number.</figcaption>"
    )


def clusters(data: ReportData) -> str:
    colours = palette.cluster_colours(data.cluster_profiles["cluster_name"])
    total = int(data.cluster_profiles["customers"].sum())
    body = (
        _figure(
            findings.cluster_title(data),
            charts.cluster_scatter(data.cluster_points, colours, total),
            "Each dot is a customer (a fixed sample when there are more than 5,000); order counts "
            "are jittered slightly so the dots do not stack.",
        )
        + _figure(
            findings.k_title(data),
            charts.k_search_lines(data.k_search),
            "Left: silhouette, how well separated the clusters are. Right: inertia, the "
            "spread within clusters, which always falls as k grows; look for the bend.",
        )
        + _cluster_table(data.cluster_profiles, colours)
    )
    return _section(
        "clusters",
        "Clusters",
        "K-Means groups customers by recency, frequency and monetary value (log scaled) without "
        "preset rules. Both axes are logarithmic: each step is ten times the last.",
        body,
    )


def clv(data: ReportData) -> str:
    body = (
        _figure(
            findings.tier_title(data),
            charts.clv_tier_boxes(data.tiers),
            "Box: the middle half of the tier's customers; white line: median; whiskers: 5th to "
            "95th percentile.",
        )
        + '<div class="grid2">'
        + _figure(
            findings.alive_title(data),
            charts.alive_scatter(data.alive_points, data.alive_trend),
            "P(alive) is the BG/NBD probability that the customer has not silently churned.",
        )
        + _figure(
            findings.calibration_title(data),
            charts.calibration_lines(data.calibration),
            "Models fitted before the holdout; customers grouped by their repeat purchase days "
            "before it. A model close to the black line predicts well.",
        )
        + "</div>"
    )
    return _section(
        "clv",
        "Lifetime value",
        "Predicted CLV is the discounted value of each customer's expected future purchases "
        "(BG/NBD x Gamma-Gamma). Tiers A-D are quarters of customers by predicted CLV; the "
        "right-hand chart checks the purchase model against a holdout period it never saw.",
        body,
    )


def _validation_table(data: ReportData) -> str:
    table, best = findings.validation_table(data)
    models = list(table.columns)
    head = "".join(
        f"<th class='num'>{_swatch(palette.model_colour(m))}{esc(palette.model_label(m))}</th>"
        for m in models
    )
    body = []
    for metric, row in table.iterrows():
        explain = findings.METRICS.get(metric, ("", None))[0]
        cells = "".join(
            f'<td class="num{" best" if best.get(metric) == m else ""}">'
            f"{findings.fmt_metric(metric, row[m])}</td>"
            for m in models
        )
        body.append(
            f"<tr><td><strong>{esc(metric)}</strong><span class='explain'>{esc(explain)}</span>"
            f"</td>{cells}</tr>"
        )
    return (
        f"<table class='metrics'><thead><tr><th>Metric</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}"
        "</tbody></table><figcaption>Green: the best model on that metric.</figcaption>"
    )


def _parameter_table(data: ReportData) -> str:
    parameters = data.parameters
    body = []
    for row in parameters.itertuples():
        note = findings.PARAMETER_NOTES.get((row.model_name, row.parameter_name), "")
        body.append(
            f"<tr><td>{esc(row.model_name)}</td><td><strong>{esc(row.parameter_name)}</strong>"
            f"<span class='explain'>{esc(note)}</span></td>"
            f'<td class="num">{number(row.estimate, 4)}</td>'
            f'<td class="num">{number(row.std_error, 4)}</td>'
            f'<td class="num">{number(row.log_likelihood, 1)}</td>'
            f'<td class="num">{count(row.customers_fitted)}</td></tr>'
        )
    unit = parameters["time_unit"].dropna()
    through = parameters["fitted_through"].dropna()
    caption = "Rates per " + (str(unit.iloc[0]).rstrip("s") if len(unit) else "time unit")
    if len(through):
        caption += f"; fitted on data up to {through.iloc[0]:%d %b %Y}"
    readings = "".join(f"<li>{esc(line)}</li>" for line in findings.parameter_summary(data))
    return (
        f'<p class="table-title">Fitted parameters</p><ul class="readings">{readings}</ul>'
        "<table><thead><tr><th>Model</th><th>Parameter</th><th class='num'>Estimate</th>"
        "<th class='num'>Std. error</th><th class='num'>Log-likelihood</th>"
        f"<th class='num'>Customers fitted</th></tr></thead><tbody>{''.join(body)}</tbody>"
        f"</table><figcaption>{esc(caption)}.</figcaption>"
    )


def validation(data: ReportData) -> str:
    body = (
        _figure(
            findings.total_error_title(data),
            charts.total_error_bars(data.validation),
            "Pale bar: total purchase days; solid bar: total spend. Zero = the model "
            "predicted the holdout total exactly.",
        )
        + f'<p class="table-title">{esc(findings.validation_title(data))}</p>'
        + _validation_table(data)
        + _parameter_table(data)
    )
    return _section(
        "validation",
        "Model validation",
        "Every model is fitted on the history before the holdout period and scored on what "
        "customers then did. Each row is a metric, each column a model; green marks the winner.",
        body,
    )


def data_quality(data: ReportData) -> str:
    how = (
        "Every raw transaction line ends up as a sale, a cancellation (matched to the purchase "
        "it cancels, or not) or in quarantine with the first reason that applies. Nothing is "
        "dropped silently. A build fails when a raw file has too many lines that could not be "
        "read (the quarantine gate), so every file of a published build passed it."
    )
    body = _figure(
        findings.data_quality_title(data),
        charts.data_quality_bars(data.data_quality),
        f"{findings.cancellation_note(data)} Source: data_quality_summary.",
    ) + file_load_table(data.files)
    return _section("data-quality", "Data quality", how, body)


def render(data: ReportData) -> str:
    """The whole report as one HTML document."""
    h = findings.headline(data)
    nav = "".join(f'<a href="#{sid}">{esc(title)}</a>' for sid, title in SECTIONS)
    sections = "".join(
        build(data)
        for build in (overview, rfm, segment_migration, clusters, clv, validation, data_quality)
    )
    period = f"{h.first_order_date:%d %b %Y} – {h.last_order_date:%d %b %Y}"
    if is_missing(h.first_order_date):
        period = ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer value report</title>
<style>{CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<h1>Customer value report</h1>
<p>Segments, clusters and lifetime value of {count(h.customers)} customers · orders {esc(period)}
· all money in GBP, net of cancellations</p>
<nav>{nav}</nav>
</div></header>
<main class="wrap">
{sections}
</main>
<footer class="wrap">Built by <code>customer-value report</code> from {esc(data.database.name)}.
Definitions of every column: the dbt docs of the marts (customer_rfm, segment_summary,
customer_segments, cluster_profiles, customer_lifetime_value, clv_model_validation).</footer>
</body>
</html>
"""
