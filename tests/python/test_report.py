"""The HTML report: built from the fixture warehouse, every section with its chart, headline
figures equal to the marts, self-contained, and clear errors on a bad database."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb
import pytest

from customer_value import cli
from customer_value.report import add_arguments, build_report, migration, run
from customer_value.report.data import load

SECTIONS = ["overview", "rfm", "migration", "clusters", "clv", "validation", "data-quality"]


class _Sections(HTMLParser):
    """Collects, per <section id=...>, the tags inside it, and every src/href attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.kpis: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section":
            self._current = attributes.get("id")
            self.tags[self._current] = []
        elif self._current is not None:
            self.tags[self._current].append(tag)
        self.links += [value for name, value in attrs if name in ("src", "href") and value]
        if "kpi" in (attributes.get("class") or "").split():
            self.kpis[attributes["id"]] = attributes["data-value"]

    def handle_endtag(self, tag):
        if tag == "section":
            self._current = None


@pytest.fixture(scope="module")
def report(built_warehouse, tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "report.html"
    build_report(built_warehouse, output)
    text = output.read_text(encoding="utf-8")
    parsed = _Sections()
    parsed.feed(text)
    return text, parsed


def _scalar(database, sql):
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()[0]


def test_every_section_has_its_chart(report):
    _, parsed = report
    assert list(parsed.tags) == SECTIONS
    for section in SECTIONS:
        assert "svg" in parsed.tags[section] or "img" in parsed.tags[section], section


def test_headline_numbers_equal_the_marts(report, built_warehouse):
    text, parsed = report
    customers, net_revenue = _scalar(
        built_warehouse, "select count(*), sum(net_revenue)::double from customers"
    )
    segment, segment_share = _scalar(
        built_warehouse,
        "select rfm_segment, revenue_share from segment_summary "
        "order by revenue_share desc limit 1",
    )
    (tier_a_share,) = _scalar(
        built_warehouse,
        """select sum(c.net_revenue) filter (where l.clv_tier = 'A') / sum(c.net_revenue)
           from customers as c inner join customer_lifetime_value as l using (customer_id)""",
    )
    assert int(parsed.kpis["kpi-customers"]) == customers
    assert float(parsed.kpis["kpi-net-revenue"]) == pytest.approx(net_revenue, abs=0.005)
    assert float(parsed.kpis["kpi-top-segment-share"]) == pytest.approx(segment_share)
    assert float(parsed.kpis["kpi-tier-a-share"]) == pytest.approx(float(tier_a_share))
    assert f"{customers:,}" in text
    assert f"Revenue from {segment}" in text.replace("&#x27;", "'")
    assert f"{100 * segment_share:.0f}% of revenue" in text


def test_report_is_self_contained(report):
    text, parsed = report
    assert all(link.startswith("#") for link in parsed.links), parsed.links
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)
    assert "<script" not in text.lower()
    assert "<style>" in text


def test_chart_titles_state_findings(report):
    text, _ = report
    assert re.search(r"are \d+% of customers but \d+% of revenue", text)
    assert re.search(r"k = \d+ separates customers best \(silhouette", text)
    assert re.search(r"holds \d+% of predicted CLV", text)


def test_scatter_sample_is_capped_and_deterministic(built_warehouse):
    first, second = load(built_warehouse), load(built_warehouse)
    assert len(first.cluster_points) <= 5000
    assert first.cluster_points["customer_id"].tolist() == (
        second.cluster_points["customer_id"].tolist()
    )


def test_data_quality_counts_equal_the_summary_mart(report, built_warehouse):
    """The data-quality chart shows every fate of the data_quality_summary mart with its lines."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        rows = connection.execute("select fate_detail, lines from data_quality_summary").fetchall()
    text, _ = report
    section = text[text.index('id="data-quality"') :]
    for detail, lines in rows:
        assert detail.replace("_", " ") in section or detail in section
        assert f"{lines:,}" in section


def test_migration_matrix_and_sizes_equal_the_mart(report, built_warehouse):
    """The matrix shows the latest complete period pair of segment_migration, each flow with its
    customers, and the size columns one bar segment per state and period end."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        (latest,) = connection.execute(
            "select max(period_end_date) from segment_migration where is_period_complete"
        ).fetchone()
        flows = connection.execute(
            "select from_segment, to_segment, customers from segment_migration "
            "where period_end_date = ?",
            [latest],
        ).fetchall()
        sizes = connection.execute(
            "select count(*) from (select distinct period_end_date, to_segment "
            "from segment_migration where to_segment != 'Not yet active')"
        ).fetchone()[0]
    text, parsed = report
    section = text[text.index('id="migration"') : text.index('id="clusters"')]
    assert f"to {latest:%d %b %Y}," in section
    for source, target, customers in flows:
        title = f"<title>{source} to {target}: {customers:,} customers".replace("'", "&#x27;")
        assert title in section, title
    assert len(re.findall(r"<title>[^<:]+ at \d\d \w{3} \d{4}: [\d,]+</title>", section)) == sizes
    assert re.search(r"\d+% of customers stayed in their segment", section)


def test_migration_section_with_a_single_period(built_warehouse):
    """One period of data has no pair of period ends: the charts say so instead of failing."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        empty = connection.execute("select * from segment_migration where false").df()
    pair = migration.latest_pair(empty)
    assert migration.matrix_title(pair) == "No migration yet: the data holds a single period"
    assert migration.migration_matrix(pair).startswith("<svg")
    assert migration.segment_size_columns(migration.segment_sizes(empty)).startswith("<svg")


def test_data_quality_lists_each_raw_file_as_the_mart_does(report, built_warehouse):
    """The per-file table shows each file of file_load_quality with its lines and gate verdict."""
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        files = connection.execute(
            "select file_path, lines, passes_gate from file_load_quality"
        ).fetchall()
    text, _ = report
    section = text[text.index('id="data-quality"') :]
    assert "Each raw file and what became of its lines" in section
    for path, lines, passes in files:
        row = section[section.index(path) :].split("</tr>")[0]
        assert f"{lines:,}" in row
        assert ("passes" if passes else "fails") in row


@pytest.fixture
def report_cli(monkeypatch):
    """``cli.main`` with the report subcommand registered (whether or not cli.py lists it yet)."""
    monkeypatch.setitem(cli.SUBCOMMANDS, "report", ("write the HTML report", add_arguments, run))
    return cli.main


def test_cli_missing_database_is_one_line_exit_2(report_cli, tmp_path, capsys):
    missing = tmp_path / "nope.duckdb"
    status = report_cli(
        ["report", "--database", str(missing), "--output", str(tmp_path / "r.html")]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "database not found" in err and str(missing) in err
    assert not (tmp_path / "r.html").exists()


def test_cli_database_without_marts_is_one_line_exit_2(report_cli, tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    status = report_cli(["report", "--database", str(empty), "--output", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "lacks the mart(s)" in err


def test_cli_writes_the_report(report_cli, built_warehouse, tmp_path, capsys):
    output = tmp_path / "nested" / "report.html"
    status = report_cli(["report", "--database", str(built_warehouse), "--output", str(output)])
    assert status == 0
    assert output.stat().st_size > 10_000
    assert str(output) in capsys.readouterr().err
