"""Run the dbt project the way a user does (a `dbt` subprocess in the project folder) against a
warehouse file and raw data chosen by the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")


@dataclass
class DbtResult:
    returncode: int
    output: str


def assert_ok(result: DbtResult) -> None:
    """Fail with the end of dbt's output unless the run succeeded."""
    assert result.returncode == 0, result.output[-5000:]


def dbt_command(args: list[str], variables: dict | None = None) -> list[str]:
    """``dbt <args>``, with ``--vars`` when ``variables`` are given."""
    command = [str(DBT), *args]
    if variables:
        command += ["--vars", json.dumps(variables)]
    return command


def dbt_environment(database: Path, env: dict | None = None) -> dict:
    """The environment of a dbt run on ``database``: its warehouse, the project's profile, and
    its logs and artifacts beside it (out of the user's target/ and logs/); ``env`` added."""
    return {
        **os.environ,
        "CUSTOMER_VALUE_DB": str(database),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(database.parent / "target"),
        "DBT_LOG_PATH": str(database.parent / "logs"),
        **(env or {}),
    }


def run_dbt(
    args: list[str],
    database: Path,
    variables: dict | None = None,
    env: dict | None = None,
) -> DbtResult:
    """Run ``dbt <args>`` in the project folder with CUSTOMER_VALUE_DB set to ``database``."""
    completed = subprocess.run(
        dbt_command(args, variables),
        cwd=PROJECT_DIR,
        env=dbt_environment(database, env),
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtResult(completed.returncode, completed.stdout + completed.stderr)


def publish_arguments(database: Path, serving: Path) -> list[str]:
    """The arguments of ``customer-value publish`` for a warehouse built by :func:`run_dbt`
    (its artifacts in the warehouse's folder's target/) into ``serving``."""
    return [
        "publish",
        "--warehouse",
        str(database),
        "--serving-dir",
        str(serving),
        "--target-path",
        str(database.parent / "target"),
    ]


def published_copy(built_warehouse: Path, folder: Path) -> Path:
    """Lay out ``folder`` like the project after `make demo`: a copy of the built warehouse in
    warehouse/ and of its artifacts in target/ (mtimes kept, so publish's build check holds),
    and serving/ with one publication. Returns ``folder``."""
    from customer_value.publish import publish

    working = folder / "warehouse" / built_warehouse.name
    working.parent.mkdir(parents=True)
    shutil.copy2(built_warehouse, working)
    shutil.copytree(built_warehouse.parent / "target", folder / "target")
    publish(working, folder / "serving", folder / "target")
    return folder
