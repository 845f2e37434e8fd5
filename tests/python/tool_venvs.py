"""Virtual environments for the tools a user runs beside this project (an older DuckDB, Apache
Superset, ...), created on first use by the slow tests and kept in the project folder as
``.venv-<name>`` (git-ignored), so later runs reuse them instead of reinstalling.

A venv is reinstalled when its requirement list changes (it is recorded in the venv). Installs
use pip from PyPI, like ``make``'s own ``.venv``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dbt_project_runner import PROJECT_DIR

STAMP = ".requirements"


def tool_venv(name: str, requirements: list[str]) -> Path:
    """The folder of venv ``.venv-<name>`` holding ``requirements``, created if needed."""
    folder = PROJECT_DIR / f".venv-{name}"
    wanted = "\n".join(requirements) + "\n"
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return folder
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    for step in (["--upgrade", "pip"], requirements):
        completed = subprocess.run(
            [*pip, "install", "--quiet", *step], capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            break
    if completed.returncode != 0:
        raise RuntimeError(
            f"could not install {' '.join(requirements)} into {folder} (PyPI unreachable?):\n"
            + completed.stderr[-3000:]
        )
    stamp.write_text(wanted, encoding="utf-8")
    return folder


def tool_python(name: str, requirements: list[str]) -> Path:
    """The Python interpreter of :func:`tool_venv`."""
    return tool_venv(name, requirements) / "bin" / "python"
