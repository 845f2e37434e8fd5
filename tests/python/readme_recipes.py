"""The recipes of the README's "Query from your BI tool" section, read from the README so the
tests that run them (test_bi_recipes.py with this project's DuckDB, test_serving_compatibility.py
with older DuckDB releases, test_superset.py through a real Superset) cannot drift from the doc."""

from __future__ import annotations

import re
from decimal import Decimal

from dbt_project_runner import PROJECT_DIR

README = PROJECT_DIR / "README.md"
SECTION = "## Query from your BI tool"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: A recipe that reads the Parquet or CSV export instead of the DuckDB file.
FILE_READER = re.compile(r"read_(parquet|csv)\('serving/current/(parquet|csv)/(\w+)\.\w+'\)")
#: The placeholder folder of the doc's absolute paths.
ABSOLUTE_PLACEHOLDER = "/abs/path/to/customer_value"
#: The serving file, relative to the folder that holds serving/.
SERVING_DATABASE = "serving/customer_value.duckdb"


def doc_text() -> str:
    """The README's BI section, up to the next second-level heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start:] if end == -1 else text[start:end]


def blocks(language: str) -> list[str]:
    """The bodies of the section's fenced blocks in ``language`` (sql, python, sh, text)."""
    return [body for lang, body in BLOCK.findall(doc_text()) if lang == language]


def block_id(sql: str) -> str:
    """A short test id for a SQL recipe: the table (or exported file) it reads first."""
    match = re.search(r"\bfrom\s+(read_\w+\('[^']*/(\w+)\.\w+'\)|\w+)", sql)
    return (match.group(2) or match.group(1)) if match else "sql"


def on_tables(sql: str) -> str:
    """A recipe on the export, rewritten to read the same tables of the DuckDB file."""
    return FILE_READER.sub(lambda match: match.group(3), sql)


def comparable(rows: list) -> list[tuple]:
    """CSV and JSON have no decimal type: compare numbers as floats, to the cent and beyond."""
    return [
        tuple(round(float(v), 6) if isinstance(v, (Decimal, float)) else v for v in row)
        for row in rows
    ]


SQL_BLOCKS = blocks("sql")
