"""`customer-value summary` on a built warehouse, and its errors."""

from __future__ import annotations

import re

import duckdb

from customer_value.cli import main


def test_summary_lists_every_mart_with_its_rows(built_warehouse, capsys):
    assert main(["summary", "--database", str(built_warehouse)]) == 0
    out = capsys.readouterr().out
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        customers = con.sql("select count(*) from customers").fetchall()[0][0]
        k = con.sql("select k from cluster_k_search where is_chosen").fetchall()[0][0]
    assert re.search(rf"^\s+customers\s+{customers:,}$", out, flags=re.MULTILINE)
    assert f"K-Means: k = {k}" in out
    assert "quarantined with a reason" in out


def test_summary_of_a_missing_warehouse_says_to_build(tmp_path, capsys):
    assert main(["summary", "--database", str(tmp_path / "none.duckdb")]) == 2
    assert "run `dbt build` first" in capsys.readouterr().err


def test_summary_of_an_unfinished_warehouse_names_the_missing_tables(tmp_path, capsys):
    database = tmp_path / "half.duckdb"
    with duckdb.connect(str(database)) as con:
        con.sql("create table customers as select 1 as customer_id")
    assert main(["summary", "--database", str(database)]) == 2
    assert "lacks customer_rfm" in capsys.readouterr().err
