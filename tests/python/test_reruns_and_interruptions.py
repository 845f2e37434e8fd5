"""Hardening (issue #9): hostile and careless input, re-runs and interruptions. Every case ends
in a build that reads the data right, a quarantined row with its reason, or one message that
names the file, column or setting at fault and what to do.

Here: a second build changes nothing; a killed build leaves a warehouse the next one fixes; a
program holding the warehouse open stops dbt with DuckDB's message.
"""

from __future__ import annotations

import math
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from dbt_project_runner import PROJECT_DIR, assert_ok, dbt_command, dbt_environment, run_dbt
from hand_written_raw import fetch_scalar


def _normalise(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _snapshot(database):
    """Every table and view of the warehouse, rows sorted."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = [
            row[0]
            for row in con.sql(
                "select table_name from information_schema.tables"
                " where table_schema = 'main' order by 1"
            ).fetchall()
        ]
        return {
            name: sorted(
                (
                    tuple(_normalise(v) for v in row)
                    for row in con.sql(f'select * from "{name}"').fetchall()
                ),
                key=repr,
            )
            for name in names
        }


def _assert_same_tables(before, after):
    assert sorted(after) == sorted(before)
    different = [name for name in before if before[name] != after[name]]
    assert not different, f"tables that changed: {different}"


@pytest.fixture(scope="module")
def rebuilt_warehouse(tmp_path_factory, built_warehouse, fixture_raw_file):
    """A copy of the session's built warehouse, built once more on the same raw file."""
    folder = tmp_path_factory.mktemp("rebuilt")
    database = folder / "customer_value.duckdb"
    shutil.copy(built_warehouse, database)
    result = run_dbt(["build"], database, {"raw_transactions_path": str(fixture_raw_file)})
    assert_ok(result)
    return database


def test_second_build_gives_identical_tables(built_warehouse, rebuilt_warehouse):
    before = _snapshot(built_warehouse)
    assert {"customers", "customer_lifetime_value", "data_quality_summary"} <= set(before)
    _assert_same_tables(before, _snapshot(rebuilt_warehouse))


def test_killed_build_leaves_a_usable_warehouse(
    built_warehouse, rebuilt_warehouse, fixture_raw_file
):
    database = rebuilt_warehouse
    process = subprocess.Popen(
        dbt_command(["build"], {"raw_transactions_path": str(fixture_raw_file)}),
        cwd=PROJECT_DIR,
        env=dbt_environment(database, {"PYTHONUNBUFFERED": "1"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = []
    try:
        for line in process.stdout:
            seen.append(line)
            if "START python table model" in line:
                break
        assert process.poll() is None, "".join(seen[-50:])
        time.sleep(1.0)  # the model is being written
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode != 0, "the build finished before it could be killed"

    # the warehouse opens and the last complete build's marts answer queries
    assert fetch_scalar(database, "select count(*) from customers") > 0

    result = run_dbt(["build"], database, {"raw_transactions_path": str(fixture_raw_file)})
    assert_ok(result)
    _assert_same_tables(_snapshot(built_warehouse), _snapshot(database))


def test_warehouse_held_open_by_another_program(tmp_path, built_warehouse, fixture_raw_file):
    """A BI tool with the warehouse open, even read-only, stops dbt from taking its write lock:
    DuckDB's message names the file and the program holding it (README, Troubleshooting)."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, database)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
            " print('open', flush=True); sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run_dbt(["seed"], database, {"raw_transactions_path": str(fixture_raw_file)})
    finally:
        holder.communicate(input="", timeout=30)
    assert result.returncode != 0
    assert f'Could not set lock on file "{database}"' in result.output
    assert "Conflicting lock is held" in result.output
