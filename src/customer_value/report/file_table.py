"""The report's table of raw files: one row per file of the last load, how it was read and what
became of its lines (mart file_load_quality)."""

from __future__ import annotations

import pandas as pd

from customer_value.report.formatting import count, gbp, pct
from customer_value.report.svg import esc

#: The most files the table lists (the largest quarantined shares first beyond that).
MAX_FILES = 40


def _how_read(row) -> str:
    parts = [str(row.file_format)]
    if isinstance(row.encoding, str):
        parts.append(row.encoding + (" with BOM" if row.has_byte_order_mark else ""))
    if isinstance(row.delimiter, str):
        parts.append("tab" if row.delimiter == "\t" else f"'{row.delimiter}'")
    parts.append(f"decimal '{row.decimal_separator}'")
    parts.append(f"dates {row.date_format} ({row.date_format_basis})")
    return ", ".join(parts)


def file_load_table(files: pd.DataFrame) -> str:
    """An HTML table of the raw files: lines, sales, quarantined share with its main reason,
    unreadable share, how the file was read and whether it passes the quarantine gate."""
    if files.empty:
        return ""
    shown = files
    note = ""
    if len(files) > MAX_FILES:
        shown = files.sort_values(["quarantined_share", "file_path"], ascending=[False, True])
        shown = shown.head(MAX_FILES)
        note = f" The {MAX_FILES} files with the largest quarantined shares of {len(files)}."
    body = []
    for row in shown.sort_values("file_path").itertuples():
        reason = str(row.main_quarantine_reason or "").replace("_", " ")
        gate = "passes" if row.passes_gate else f"fails: {row.gate_failure}"
        body.append(
            "<tr>"
            f"<td><strong>{esc(str(row.file_path))}</strong>"
            f"<span class='explain'>{esc(_how_read(row))}</span></td>"
            f'<td class="num">{count(row.lines)}</td>'
            f'<td class="num">{count(row.sale_lines)}<br>{gbp(row.sales_revenue)}</td>'
            f'<td class="num">{pct(row.quarantined_share, 1)}<br>{esc(reason)}</td>'
            f'<td class="num">{pct(row.unreadable_share, 2)}</td>'
            f"<td>{esc(gate)}</td>"
            "</tr>"
        )
    return (
        '<p class="table-title">Each raw file and what became of its lines'
        f"{esc(note)}</p><table><thead><tr>"
        "<th>File (how it was read)</th><th class='num'>Lines</th>"
        "<th class='num'>Sales (gross)</th><th class='num'>Quarantined (main reason)</th>"
        "<th class='num'>Unreadable</th><th>Quarantine gate</th>"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
