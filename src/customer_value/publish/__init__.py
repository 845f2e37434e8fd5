"""Publish the tested marts to the serving location BI tools read (``customer-value publish``).

One job per module: :mod:`.build_checks` (may this build be published?), :mod:`.database` (the
serving DuckDB file, in a storage version DuckDB 1.1 and later open), :mod:`.export` (Parquet
and CSV), :mod:`.serving` (the versioned serving folder and the atomic switch), :mod:`.cli`.
"""

from customer_value.publish.build_checks import (
    PUBLICATION_TABLE,
    BuildCheck,
    Mart,
    PublishRefused,
    check_run_results,
    check_warehouse_matches,
    list_marts,
)
from customer_value.publish.cli import add_arguments, main, run
from customer_value.publish.database import SERVING_STORAGE_VERSION
from customer_value.publish.serving import (
    Publication,
    current_publication,
    describe_current,
    publish,
)

__all__ = [
    "PUBLICATION_TABLE",
    "SERVING_STORAGE_VERSION",
    "BuildCheck",
    "Mart",
    "Publication",
    "PublishRefused",
    "add_arguments",
    "check_run_results",
    "check_warehouse_matches",
    "current_publication",
    "describe_current",
    "list_marts",
    "main",
    "publish",
    "run",
]
