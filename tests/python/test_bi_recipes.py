"""The recipes in the README's "Query from your BI tool" section, run against a real
publication so the doc cannot drift: every ```sql block (on the DuckDB file, or on the
Parquet/CSV export when it reads files), the ```python block, the DuckDB CLI line, the Superset
URI and the list of marts; and the dbt exposures."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from customer_value.publish import PUBLICATION_TABLE, publish
from dbt_project_runner import PROJECT_DIR

README = PROJECT_DIR / "README.md"
SECTION = "## Query from your BI tool"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
FILE_READER = re.compile(r"read_(parquet|csv)\('serving/current/(parquet|csv)/(\w+)\.\w+'\)")
#: The placeholder folder of the doc's absolute paths.
ABSOLUTE_PLACEHOLDER = "/abs/path/to/customer_value"


def _doc_text() -> str:
    """The README's BI section, up to the next second-level heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start:] if end == -1 else text[start:end]


def _blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(_doc_text()) if lang == language]


SQL_BLOCKS = _blocks("sql")


def _block_id(sql: str) -> str:
    match = re.search(r"\bfrom\s+(read_\w+\('[^']*/(\w+)\.\w+'\)|\w+)", sql)
    return (match.group(2) or match.group(1)) if match else "sql"


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_warehouse) -> Path:
    """A folder holding serving/ with a publication of the built warehouse, as in the project."""
    folder = tmp_path_factory.mktemp("bi")
    working = folder / "warehouse" / built_warehouse.name
    working.parent.mkdir()
    shutil.copy2(built_warehouse, working)  # mtime kept: the build check still holds
    shutil.copytree(built_warehouse.parent / "target", folder / "target")
    publish(working, folder / "serving", folder / "target")
    return folder


@pytest.fixture()
def in_project(project, monkeypatch) -> Path:
    """Run from the folder that holds serving/, as the doc's relative paths expect."""
    monkeypatch.chdir(project)
    return project


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _comparable(rows: list[tuple]) -> list[tuple]:
    """CSV has no decimal type: compare numbers as floats, to the cent and beyond."""
    return [
        tuple(round(float(v), 6) if isinstance(v, (Decimal, float)) else v for v in row)
        for row in rows
    ]


def test_doc_has_recipes():
    assert len(SQL_BLOCKS) >= 6
    assert any(FILE_READER.search(sql) for sql in SQL_BLOCKS)


@pytest.mark.parametrize("sql", SQL_BLOCKS, ids=[_block_id(sql) for sql in SQL_BLOCKS])
def test_sql_recipe(in_project, sql):
    database = "serving/customer_value.duckdb"
    if FILE_READER.search(sql):
        with duckdb.connect() as con:
            rows = _run(con, sql)
        # the export holds what the database holds: the same query on its tables agrees
        on_tables = FILE_READER.sub(lambda match: match.group(3), sql)
        with duckdb.connect(database, read_only=True) as con:
            assert _comparable(_run(con, on_tables)) == _comparable(rows)
    else:
        with duckdb.connect(database, read_only=True) as con:
            rows = _run(con, sql)
    assert rows, "the recipe returns no rows on the fixture data"


def test_python_recipe(in_project):
    (code,) = _blocks("python")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(README), "exec"), {})
    assert "clv_tier" in output.getvalue()


def test_duckdb_cli_recipe(in_project):
    commands = [
        line.split()
        for body in _blocks("sh")
        for line in body.splitlines()
        if line.startswith("duckdb ")
    ]
    assert commands
    for command in commands:
        assert "-readonly" in command
        assert Path(command[-1]).is_file()


def test_superset_uri(project):
    (uri,) = [body.strip() for body in _blocks("text") if body.startswith("duckdb:")]
    parts = urlsplit(uri)
    assert parts.scheme == "duckdb" and parts.netloc == ""
    assert parts.path.startswith("//"), "duckdb:/// + an absolute path = four slashes"
    assert parse_qs(parts.query) == {"access_mode": ["read_only"]}
    # what duckdb-engine does with it: the path after duckdb:///, the query string as config
    path = parts.path[1:].replace(ABSOLUTE_PLACEHOLDER, str(project))
    assert path.startswith("/") and Path(path).is_file()
    with duckdb.connect(path, config={"access_mode": "read_only"}) as con:
        assert _run(con, "select count(*) from customers")[0][0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table x as select 1")


def test_doc_lists_every_published_mart(project):
    text = _doc_text()
    paragraph = text[text.index("The marts are the models") :].split("\n\n")[0]
    listed = set(re.findall(r"`(\w+)`", paragraph))
    with duckdb.connect(str(project / "serving" / "customer_value.duckdb"), read_only=True) as con:
        published = {row[0] for row in _run(con, f"select table_name from {PUBLICATION_TABLE}")}
    assert listed == published


def test_exposures_are_dashboards_on_published_marts(project):
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    exposures = manifest["exposures"]
    labels = {exposure["label"] for exposure in exposures.values()}
    assert {"Customer segments dashboard", "CLV dashboard", "Data quality"} <= labels
    with duckdb.connect(str(project / "serving" / "customer_value.duckdb"), read_only=True) as con:
        published = {row[0] for row in _run(con, f"select table_name from {PUBLICATION_TABLE}")}
    for exposure in exposures.values():
        assert exposure["type"] == "dashboard"
        assert exposure["owner"]["name"]
        models = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
        assert models and models <= published, exposure["name"]
