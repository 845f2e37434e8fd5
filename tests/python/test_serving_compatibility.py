"""The serving file opens in the DuckDB releases BI tools bundle, not only in this project's.

DuckDB 2 writes storage version 69 by default, which DuckDB 1.x cannot read; publish writes the
serving file in storage version v1.1.0 (see customer_value.publish.database). Each reader below
runs in its own virtualenv (``.venv-duckdb-*``, created on first use, reused after), opens the
published file read-only and runs every recipe of the README's BI section; the rows must equal
those this project's DuckDB returns. Slow: the first run installs DuckDB from PyPI."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

from readme_recipes import SQL_BLOCKS, blocks, comparable
from tool_venvs import tool_python

#: The oldest DuckDB the serving file promises to open, and the newest 1.x (pip picks it when
#: the venv is created; a cached venv keeps the one it got, see tool_venvs).
READERS = {
    "duckdb-1.1": ["duckdb==1.1.0", "pandas<3", "numpy<2.1"],
    "duckdb-1.x-newest": ["duckdb<2", "pandas"],
}

#: Runs in the reader's venv from the folder that holds serving/: every SQL recipe, on the
#: serving file (or on the export, with an in-memory database, when it reads files), then the
#: Python recipe. Prints the DuckDB version and the rows as JSON.
RUN_RECIPES = """
import contextlib, io, json, re, sys
import duckdb

recipes = json.load(sys.stdin)
file_reader = re.compile(recipes["file_reader"])
results = []
for sql in recipes["sql"]:
    if file_reader.search(sql):
        con = duckdb.connect()
    else:
        con = duckdb.connect(recipes["database"], read_only=True)
    with con:
        results.append(con.execute(sql).fetchall())
output = io.StringIO()
with contextlib.redirect_stdout(output):
    exec(recipes["python"], {})
print(json.dumps(
    {"version": duckdb.__version__, "sql": results, "python": output.getvalue()}, default=str
))
"""


def _run_recipes(python, folder) -> dict:
    from readme_recipes import FILE_READER, SERVING_DATABASE

    (python_recipe,) = blocks("python")
    recipes = {
        "sql": SQL_BLOCKS,
        "python": python_recipe,
        "database": SERVING_DATABASE,
        "file_reader": FILE_READER.pattern,
    }
    completed = subprocess.run(
        [str(python), "-c", RUN_RECIPES],
        input=json.dumps(recipes),
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _as_json_rows(rows: list) -> list:
    """Rows as they come back through JSON (dates and decimals as text, tuples as lists)."""
    return json.loads(json.dumps(comparable(rows), default=str))


@pytest.fixture(scope="module")
def reference(published_project) -> dict:
    """The recipes' results with this project's DuckDB."""
    return _run_recipes(sys.executable, published_project)


@pytest.mark.slow
@pytest.mark.parametrize("reader", sorted(READERS))
def test_older_duckdb_opens_the_serving_file(reader, published_project, reference):
    python = tool_python(reader, READERS[reader])
    result = _run_recipes(python, published_project)
    major, minor = (int(part) for part in result["version"].split(".")[:2])
    assert major == 1 and minor >= 1, result["version"]
    assert len(result["sql"]) == len(SQL_BLOCKS) >= 6
    for got, expected, sql in zip(result["sql"], reference["sql"], SQL_BLOCKS, strict=True):
        assert got, f"no rows with DuckDB {result['version']}:\n{sql}"
        assert _as_json_rows(got) == _as_json_rows(expected), sql
    assert "clv_tier" in result["python"]
    assert result["python"] == reference["python"]


@pytest.mark.slow
@pytest.mark.skipif(
    int(duckdb.__version__.split(".")[0]) < 2, reason="this DuckDB writes a 1.x format anyway"
)
def test_the_default_duckdb_2_format_is_what_older_readers_reject(tmp_path):
    """The control: without the explicit storage version, DuckDB 1.x cannot open the file."""
    default_format = tmp_path / "default_format.duckdb"
    with duckdb.connect(str(default_format)) as con:
        con.execute("create table t as select 1 as x")
    python = tool_python("duckdb-1.x-newest", READERS["duckdb-1.x-newest"])
    completed = subprocess.run(
        [str(python), "-c", "import sys, duckdb; duckdb.connect(sys.argv[1], read_only=True)"]
        + [str(default_format)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "version number" in completed.stderr
