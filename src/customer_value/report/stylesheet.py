"""The report page's style sheet, inlined into its ``<style>`` element: the page layout, the
tables and cards, and the classes the charts use (``axis``, ``grid``, ``label``, ...)."""

CSS = """
:root { --ink: #1d2b36; --muted: #5b6b78; --line: #dde3e8; --bg: #f5f7f9; --card: #ffffff;
        --accent: #0b4f6c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
       font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.top { background: var(--accent); color: #fff; padding: 28px 0 24px; }
header.top h1 { margin: 0 0 4px; font-size: 28px; font-weight: 650; letter-spacing: -0.01em; }
header.top p { margin: 0; opacity: 0.85; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 28px; }
nav { display: flex; gap: 18px; flex-wrap: wrap; margin-top: 14px; font-size: 14px; }
nav a { color: #fff; opacity: 0.9; text-decoration: none; border-bottom: 1px solid transparent; }
nav a:hover { border-bottom-color: #fff; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
          margin: 22px 0; padding: 22px 26px 26px; }
section > h2 { margin: 0 0 2px; font-size: 21px; }
p.how { margin: 0 0 16px; color: var(--muted); font-size: 14px; }
p.how::before { content: "How to read this: "; font-weight: 600; color: var(--ink); }
figure { margin: 12px 0 18px; }
figure h3, .table-title { margin: 22px 0 6px; font-size: 16px; font-weight: 600; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; align-items: start; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 6px 0 14px; }
.kpi { border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 8px;
       padding: 12px 16px; background: #fbfcfd; }
.kpi .label { font-size: 13px; color: var(--muted); text-transform: uppercase;
              letter-spacing: 0.04em; }
.kpi .value { font-size: 30px; font-weight: 700; line-height: 1.2; }
.kpi .sub { font-size: 13px; color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
svg .axis { stroke: #8895a1; stroke-width: 1; }
svg .grid { stroke: #e9edf0; stroke-width: 1; }
svg .tick { font-size: 11.5px; fill: var(--muted); }
svg .axis-label { font-size: 12.5px; fill: var(--ink); font-weight: 600; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .value { font-size: 11.5px; fill: var(--muted); }
svg .strong { font-weight: 700; fill: var(--ink); }
svg .legend { font-size: 12px; fill: var(--ink); }
svg .note { font-size: 11.5px; fill: var(--muted); font-style: italic; }
svg .series { fill: none; stroke-width: 2; }
svg .series.actual, svg .series.thick { stroke-width: 3.2; }
svg .dot { fill: #1f77b4; } svg .dot.chosen { fill: #d62728; r: 6; }
svg .marker { stroke: #d62728; stroke-dasharray: 4 4; }
svg .whisker { stroke: #6c7a86; stroke-width: 1.5; }
svg .median { stroke: #fff; stroke-width: 3; }
svg .empty-cell { fill: #fafafa; stroke: #d6dbe0; stroke-dasharray: 3 3; }
svg .cell-main { font-size: 17px; font-weight: 700; }
svg .cell-sub { font-size: 12px; }
svg .cell-note { font-size: 11px; fill: #9aa5b1; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 4px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left;
         vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted);
     background: #f8fafb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.best { background: #e3f3e8; font-weight: 700; color: #145c38; }
td .explain { display: block; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
          margin-right: 7px; vertical-align: -1px; }
.bar { display: inline-block; height: 8px; background: var(--accent); border-radius: 2px;
       vertical-align: middle; margin-left: 6px; opacity: 0.75; }
.notice { background: #fff7e0; border: 1px solid #f0d68a; border-radius: 8px; padding: 14px 16px; }
ul.readings { margin: 6px 0 12px; padding-left: 20px; }
table.metrics td:first-child { width: 44%; }
table.metrics th.num { white-space: normal; width: 14%; }
td:first-child { min-width: 170px; }
figure h3, .grid2 .table-title { margin-top: 0; }
footer { color: var(--muted); font-size: 12.5px; padding: 8px 0 30px; }
@media (max-width: 900px) { .grid2, .kpis { grid-template-columns: 1fr 1fr; } }
@media print { body { background: #fff; } section { break-inside: avoid; border: none; } }
"""
