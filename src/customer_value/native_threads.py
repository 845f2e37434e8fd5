"""One native (BLAS and OpenMP) thread for the numeric code of the dbt Python models.

dbt runs two models at once as threads of one process, and native thread pools are per process:
a model that limited them inside a ``with`` block would lift the limit from under a model running
beside it, so a fit could run with one thread or several depending on timing, and multi-threaded
floating-point sums differ in their last bits. The models therefore set one thread for the whole
process, which also keeps them from oversubscribing the cores DuckDB uses meanwhile (measured on
the real data for the k search: 5.5 s -> 3.0 s).
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def use_one_native_thread() -> None:
    """Limit every BLAS and OpenMP pool of this process to one thread, for good (not restored)."""
    threadpool_limits(limits=1)
