"""Where the working warehouse is: the DuckDB file dbt builds (profiles.yml reads the same
environment variable)."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable holding the warehouse path; profiles.yml reads it too.
WAREHOUSE_ENV = "CUSTOMER_VALUE_DB"
#: Default warehouse path, relative to the project folder (where dbt runs).
DEFAULT_WAREHOUSE = Path("warehouse") / "customer_value.duckdb"


def warehouse_path() -> Path:
    """The working warehouse file: $CUSTOMER_VALUE_DB, else warehouse/customer_value.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
