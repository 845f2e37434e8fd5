"""House style is checked, not hoped for: ruff on the Python, sqlfluff on the SQL models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dbt_project_runner import PROJECT_DIR

BIN = Path(sys.executable).parent
PYTHON_PATHS = ["src", "tests/python", "python_models", "bench"]


def _run(command: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_ruff_lint_and_format():
    lint = _run([str(BIN / "ruff"), "check", *PYTHON_PATHS])
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatted = _run([str(BIN / "ruff"), "format", "--check", *PYTHON_PATHS])
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_sqlfluff_lint(tmp_path):
    sql_tests = sorted(
        str(path.relative_to(PROJECT_DIR)) for path in PROJECT_DIR.glob("tests/*.sql")
    )
    result = _run(
        [str(BIN / "sqlfluff"), "lint", "models", *sql_tests],
        env={
            "CUSTOMER_VALUE_DB": str(tmp_path / "lint.duckdb"),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
