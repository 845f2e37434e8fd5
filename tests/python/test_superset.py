"""The README's Superset route with a real Apache Superset 6.1 (own venv, on 127.0.0.1): register
the serving file with the README's URI, run the README's queries in SQL Lab, build a dataset and
a chart and fetch its data, and keep querying while new versions are published, with no failed
request. Slow: the first run installs Superset into .venv-superset (reused after)."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dbt_project_runner import published_copy
from readme_recipes import (
    ABSOLUTE_PLACEHOLDER,
    FILE_READER,
    SERVING_DATABASE,
    SQL_BLOCKS,
    block_id,
    blocks,
)
from superset_app import SupersetClient, SupersetError, running_superset

pytestmark = pytest.mark.slow

#: The recipes that query the DuckDB file (the others read the Parquet/CSV export).
DATABASE_RECIPES = [sql for sql in SQL_BLOCKS if not FILE_READER.search(sql)]
SEGMENT_REVENUE = {
    "expressionType": "SIMPLE",
    "column": {"column_name": "net_revenue"},
    "aggregate": "SUM",
    "label": "net_revenue",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_warehouse) -> Path:
    """Its own publication: the last test publishes new versions into it."""
    return published_copy(built_warehouse, tmp_path_factory.mktemp("superset_project"))


#: A chart cache, as a production Superset has one: the README's cache advice is tested on it.
DATA_CACHE = 'DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600}\n'


@pytest.fixture(scope="module")
def superset(tmp_path_factory) -> SupersetClient:
    with running_superset(tmp_path_factory.mktemp("superset_home"), DATA_CACHE) as client:
        yield client


def _publish(project: Path) -> str:
    from customer_value.publish import publish

    return publish(
        project / "warehouse" / "customer_value.duckdb", project / "serving", project / "target"
    ).version


@pytest.fixture(scope="module")
def database_id(superset, project) -> int:
    """The serving file registered with the README's SQLAlchemy URI."""
    (uri,) = [body.strip() for body in blocks("text") if body.startswith("duckdb:")]
    return superset.add_database("customer_value", uri.replace(ABSOLUTE_PLACEHOLDER, str(project)))


def _direct(project: Path, sql: str) -> list[dict]:
    """The rows of ``sql`` read straight from the serving file, as SQL Lab returns them."""
    with duckdb.connect(str(project / SERVING_DATABASE), read_only=True) as con:
        cursor = con.execute(sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _same(value, expected) -> bool:
    if isinstance(expected, (Decimal, float)):
        return value == pytest.approx(float(expected), abs=1e-6)
    if isinstance(expected, (date, datetime)):  # Superset sends dates as epoch ms or text
        return value is not None
    return value == expected


def test_superset_lists_duckdb_as_its_own_engine(superset, database_id):
    engines = superset.call("GET", "/api/v1/database/available/")["databases"]
    assert any(engine["engine"] == "duckdb" and engine["name"] == "DuckDB" for engine in engines)
    schemas = superset.call("GET", f"/api/v1/database/{database_id}/schemas/")["result"]
    assert "customer_value.main" in schemas


@pytest.mark.parametrize("sql", DATABASE_RECIPES, ids=[block_id(sql) for sql in DATABASE_RECIPES])
def test_readme_queries_in_sql_lab(superset, database_id, project, sql):
    rows = superset.sql_lab(database_id, sql)
    expected = _direct(project, sql)
    if re.search(r"\blimit\s+\d+\s*$", sql):
        # Superset 6.1's SQL Lab replaces the query's own LIMIT with its row limit (seen with
        # duckdb-engine 0.17.0): a top-20 query returns every row, the top 20 first (README)
        assert len(rows) > len(expected)
        rows = rows[: len(expected)]
    assert rows and len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert list(got) == list(want)
        assert all(_same(got[name], value) for name, value in want.items()), (got, want)


@dataclass(frozen=True)
class Chart:
    """A table chart: one group-by column and one metric, on a dataset of one mart."""

    dataset_id: int
    chart_id: int
    column: str
    metric: dict

    def data(self, superset: SupersetClient, *, force: bool = False) -> dict:
        """POST /api/v1/chart/data as the chart's page does; ``force`` skips the data cache."""
        form_data = {
            "viz_type": "table",
            "datasource": f"{self.dataset_id}__table",
            "groupby": [self.column],
            "metrics": [self.metric],
            "slice_id": self.chart_id,
        }
        query = {"columns": [self.column], "metrics": [self.metric], "row_limit": 100}
        result = superset.call(
            "POST",
            "/api/v1/chart/data",
            {
                "datasource": {"id": self.dataset_id, "type": "table"},
                "queries": [query],
                "form_data": form_data,
                "force": force,
                "result_format": "json",
                "result_type": "full",
            },
        )["result"][0]
        if result.get("status") != "success" or result.get("error"):
            raise SupersetError(f"chart data failed: {json.dumps(result)[:2000]}")
        return result


def _make_chart(superset, database_id, table: str, column: str, metric: dict) -> Chart:
    """A dataset on ``table`` (schema as Superset lists it) and a table chart on it."""
    dataset_id = superset.call(
        "POST",
        "/api/v1/dataset/",
        {"database": database_id, "schema": "customer_value.main", "table_name": table},
    )["id"]
    params = {"viz_type": "table", "groupby": [column], "metrics": [metric]}
    chart_id = superset.call(
        "POST",
        "/api/v1/chart/",
        {
            "slice_name": f"{metric['label']} by {column}",
            "viz_type": "table",
            "datasource_id": dataset_id,
            "datasource_type": "table",
            "params": json.dumps(params),
        },
    )["id"]
    return Chart(dataset_id, chart_id, column, metric)


@pytest.fixture(scope="module")
def chart(superset, database_id) -> Chart:
    """Net revenue by RFM segment, on dataset segment_summary."""
    return _make_chart(superset, database_id, "segment_summary", "rfm_segment", SEGMENT_REVENUE)


def test_dataset_columns_carry_the_dbt_descriptions(superset, chart, project):
    columns = superset.call("GET", f"/api/v1/dataset/{chart.dataset_id}")["result"]["columns"]
    descriptions = {column["column_name"]: column["description"] for column in columns}
    (comment,) = _direct(
        project,
        "select comment from duckdb_columns() "
        "where table_name = 'segment_summary' and column_name = 'rfm_segment'",
    )
    assert descriptions["rfm_segment"] == comment["comment"]


def test_chart_data(superset, chart, project):
    rows = chart.data(superset, force=True)["data"]
    expected = _direct(
        project,
        "select rfm_segment, sum(net_revenue) as net_revenue from segment_summary group by all",
    )
    assert {row["rfm_segment"]: row["net_revenue"] for row in rows} == {
        row["rfm_segment"]: pytest.approx(float(row["net_revenue"])) for row in expected
    }


def test_publishing_while_superset_queries(superset, database_id, chart, project):
    """SQL Lab and a chart keep answering, without one failed request, while two new versions
    are published; a query started after a publish sees the new version."""
    version_sql = "select distinct version from publication"
    stop = threading.Event()
    answers: list[str] = []
    errors: list[str] = []

    def query(ask) -> None:
        while not stop.is_set():
            try:
                answers.append(ask())
            except Exception as error:  # every failure is recorded and fails the test
                errors.append(repr(error))

    workers = [
        threading.Thread(
            target=query, args=(lambda: superset.sql_lab(database_id, version_sql)[0]["version"],)
        ),
        # forced: the chart's query runs on the file every time instead of hitting the cache
        threading.Thread(
            target=query, args=(lambda: len(chart.data(superset, force=True)["data"]),)
        ),
    ]
    for worker in workers:
        worker.start()
    try:
        published = []
        for _ in range(2):
            time.sleep(2)
            published.append(_publish(project))
        time.sleep(2)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=120)
    assert errors == []
    assert len(answers) > 10
    assert published[-1] in answers  # queries started after the last publish saw it
    assert superset.sql_lab(database_id, version_sql) == [{"version": published[-1]}]


def test_a_cached_chart_shows_the_old_version_until_forced(superset, database_id, project):
    """The README's cache advice: with a data cache, a chart keeps its cached answer after a
    publish; a forced refresh reads the new version."""
    versions = _make_chart(
        superset,
        database_id,
        "publication",
        "version",
        {"expressionType": "SQL", "sqlExpression": "count(*)", "label": "tables"},
    )
    before = versions.data(superset)
    assert [row["version"] for row in before["data"]] == [_current_version(project)]
    new_version = _publish(project)
    cached = versions.data(superset)
    assert cached["is_cached"] and cached["data"] == before["data"]
    refreshed = versions.data(superset, force=True)
    assert [row["version"] for row in refreshed["data"]] == [new_version]


def _current_version(project: Path) -> str:
    (row,) = _direct(project, "select distinct version from publication")
    return row["version"]
