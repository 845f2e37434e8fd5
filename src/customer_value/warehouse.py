"""Where the data lives: the working warehouse dbt builds (profiles.yml reads the same
environment variable) and the serving folder that BI tools read after a publish."""

from __future__ import annotations

import os
from pathlib import Path

#: The marts (models/marts), in reading order: what summary, report and tests expect to find.
MARTS = (
    "customers",
    "customer_rfm",
    "customer_segments",
    "cluster_profiles",
    "cluster_k_search",
    "customer_lifetime_value",
    "clv_model_parameters",
    "clv_model_validation",
    "clv_calibration",
    "segment_summary",
    "orders",
    "data_quality_summary",
    "file_load_quality",
    "customer_rfm_history",
    "segment_migration",
    "customer_scorecard",
    "prediction_tracking",
)
#: Marts that are empty until `dbt snapshot` has recorded a publication and a later build has
#: data after it (see README, "Running it every month").
MARTS_EMPTY_BEFORE_A_SNAPSHOT = ("prediction_tracking",)

#: Environment variable holding the warehouse path; profiles.yml reads it too.
WAREHOUSE_ENV = "CUSTOMER_VALUE_DB"
#: Default warehouse path, relative to the project folder (where dbt runs).
DEFAULT_WAREHOUSE = Path("warehouse") / "customer_value.duckdb"
#: Environment variable holding the serving folder.
SERVING_ENV = "CUSTOMER_VALUE_SERVING_DIR"
#: Default serving folder, relative to the project folder.
DEFAULT_SERVING_DIR = Path("serving")
#: File name of the published DuckDB database inside the serving folder.
SERVING_DATABASE = "customer_value.duckdb"


def warehouse_path() -> Path:
    """The working warehouse file: $CUSTOMER_VALUE_DB, else warehouse/customer_value.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def serving_dir() -> Path:
    """The serving folder: $CUSTOMER_VALUE_SERVING_DIR, else serving/."""
    return Path(os.environ.get(SERVING_ENV) or DEFAULT_SERVING_DIR)
