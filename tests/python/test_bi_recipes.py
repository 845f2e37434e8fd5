"""The recipes in the README's "Query from your BI tool" section, run against a real
publication so the doc cannot drift: every ```sql block (on the DuckDB file, or on the
Parquet/CSV export when it reads files), the ```python block, the DuckDB CLI line, the Superset
URI and the list of marts; and the dbt exposures."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from customer_value.publish import PUBLICATION_TABLE
from readme_recipes import (
    ABSOLUTE_PLACEHOLDER,
    FILE_READER,
    README,
    SERVING_DATABASE,
    SQL_BLOCKS,
    block_id,
    blocks,
    comparable,
    doc_text,
    on_tables,
)


@pytest.fixture()
def in_project(published_project, monkeypatch) -> Path:
    """Run from the folder that holds serving/, as the doc's relative paths expect."""
    monkeypatch.chdir(published_project)
    return published_project


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_doc_has_recipes():
    assert len(SQL_BLOCKS) >= 6
    assert any(FILE_READER.search(sql) for sql in SQL_BLOCKS)


@pytest.mark.parametrize("sql", SQL_BLOCKS, ids=[block_id(sql) for sql in SQL_BLOCKS])
def test_sql_recipe(in_project, sql):
    if FILE_READER.search(sql):
        with duckdb.connect() as con:
            rows = _run(con, sql)
        # the export holds what the database holds: the same query on its tables agrees
        with duckdb.connect(SERVING_DATABASE, read_only=True) as con:
            assert comparable(_run(con, on_tables(sql))) == comparable(rows)
    else:
        with duckdb.connect(SERVING_DATABASE, read_only=True) as con:
            rows = _run(con, sql)
    assert rows, "the recipe returns no rows on the fixture data"


def test_python_recipe(in_project):
    (code,) = blocks("python")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(README), "exec"), {})
    assert "clv_tier" in output.getvalue()


def test_duckdb_cli_recipe(in_project):
    commands = [
        line.split()
        for body in blocks("sh")
        for line in body.splitlines()
        if line.startswith("duckdb ")
    ]
    assert commands
    for command in commands:
        assert "-readonly" in command
        assert Path(command[-1]).is_file()


def test_superset_uri(published_project):
    (uri,) = [body.strip() for body in blocks("text") if body.startswith("duckdb:")]
    parts = urlsplit(uri)
    assert parts.scheme == "duckdb" and parts.netloc == ""
    assert parts.path.startswith("//"), "duckdb:/// + an absolute path = four slashes"
    assert parse_qs(parts.query) == {"access_mode": ["read_only"]}
    # what duckdb-engine does with it: the path after duckdb:///, the query string as config
    path = parts.path[1:].replace(ABSOLUTE_PLACEHOLDER, str(published_project))
    assert path.startswith("/") and Path(path).is_file()
    with duckdb.connect(path, config={"access_mode": "read_only"}) as con:
        assert _run(con, "select count(*) from customers")[0][0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table x as select 1")


def test_doc_lists_every_published_mart(published_project):
    text = doc_text()
    paragraph = text[text.index("The marts are the models") :].split("\n\n")[0]
    listed = set(re.findall(r"`(\w+)`", paragraph))
    with duckdb.connect(str(published_project / SERVING_DATABASE), read_only=True) as con:
        published = {row[0] for row in _run(con, f"select table_name from {PUBLICATION_TABLE}")}
    assert listed == published


def test_exposures_are_dashboards_on_published_marts(published_project):
    manifest = json.loads((published_project / "target" / "manifest.json").read_text())
    exposures = manifest["exposures"]
    labels = {exposure["label"] for exposure in exposures.values()}
    assert {"Customer segments dashboard", "CLV dashboard", "Data quality"} <= labels
    with duckdb.connect(str(published_project / SERVING_DATABASE), read_only=True) as con:
        published = {row[0] for row in _run(con, f"select table_name from {PUBLICATION_TABLE}")}
    for exposure in exposures.values():
        assert exposure["type"] == "dashboard"
        assert exposure["owner"]["name"]
        models = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
        assert models and models <= published, exposure["name"]
