"""customer_value: customer segmentation and lifetime value on dbt + DuckDB."""

__version__ = "0.1.0"
