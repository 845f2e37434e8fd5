"""Incremental loads (issue #14): a folder of files loaded one at a time gives tables identical
to one build of all of them, with cancellations that cancel purchases of earlier files and
exact duplicates that span files; a changed file, or one that sorts before the loaded ones,
rebuilds from scratch."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from dbt_project_runner import run_dbt
from incremental_builds import (
    BUILD_SQL_LAYER,
    assert_same_as_one_build,
    assert_same_tables,
    build,
    generated_lines,
    split_into_files,
)


@pytest.fixture(scope="module")
def lines(tmp_path_factory) -> pd.DataFrame:
    return generated_lines(tmp_path_factory.mktemp("lines"))


@pytest.fixture(scope="module")
def half_yearly(tmp_path_factory, lines):
    """The lines as five half-year files (the first holds December 2009 alone), and a warehouse
    built once from all of them. The slow tests load 25 monthly and 20 quarterly files."""
    folder = tmp_path_factory.mktemp("half_yearly")
    paths = split_into_files(lines, folder / "all", period="H")
    assert len(paths) == 5
    full = folder / "full" / "warehouse.duckdb"
    full.parent.mkdir()
    build(full, folder / "all" / "*.parquet")
    return paths, full


def test_lines_cross_files(half_yearly):
    """The fixture has what makes incremental netting hard: cancellations of purchases made in
    an earlier file, and duplicates of lines of an earlier file."""
    paths, full = half_yearly
    with duckdb.connect(str(full), read_only=True) as con:
        crossing = con.sql(
            "select count(*) from int_cancellations_matched as m"
            " inner join stg_online_retail__transactions as p on m.purchase_line_id = p.line_id"
            " inner join stg_online_retail__transactions as c on m.cancellation_line_id = c.line_id"
            " where p.source_file < c.source_file"
        ).fetchall()[0][0]
        duplicates = con.sql(
            "select count(*) from stg_online_retail__transactions as copy"
            " inner join stg_online_retail__transactions as kept"
            " on copy.invoice_id = kept.invoice_id"
            " and copy.line_fingerprint = kept.line_fingerprint and kept.copy_number = 1"
            " where copy.copy_number > 1 and kept.source_file < copy.source_file"
        ).fetchall()[0][0]
    assert crossing > 0
    assert duplicates >= 7 * (len(paths) - 1)


def test_one_file_at_a_time_equals_one_build(tmp_path, half_yearly):
    paths, full = half_yearly
    folder = tmp_path / "exports"
    folder.mkdir()
    database = tmp_path / "warehouse.duckdb"
    for number, path in enumerate(paths):
        shutil.copy(path, folder / path.name)
        result = build(database, folder / "*.parquet")
        if number == 0:
            assert "loading all 1 from scratch (nothing is loaded yet)" in result.output
        else:
            expected = f"raw files: 1 new ({folder / path.name}), {number} already loaded"
            assert expected in result.output
    assert_same_tables(database, full)
    with duckdb.connect(str(database), read_only=True) as con:
        logged = con.sql("select count(*), count(distinct loaded_at) from int_raw_files_loaded")
        assert logged.fetchall() == [(len(paths), len(paths))]


def test_a_run_with_nothing_new_changes_nothing(tmp_path, half_yearly):
    paths, full = half_yearly
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(full, database)
    result = build(database, paths[0].parent / "*.parquet")
    assert f"raw files: 0 new, {len(paths)} already loaded: incremental load" in result.output
    assert_same_tables(database, full)


def test_a_changed_file_rebuilds_from_scratch(tmp_path, half_yearly, lines):
    paths, _ = half_yearly
    folder = tmp_path / "exports"
    shutil.copytree(paths[0].parent, folder)
    database = tmp_path / "warehouse.duckdb"
    build(database, folder / "*.parquet")
    # a re-export of the second half-year without its last line
    changed = folder / paths[1].name
    frame = pd.read_parquet(changed)
    frame.iloc[:-1].to_parquet(changed, index=False)
    result = build(database, folder / "*.parquet")
    assert f"from scratch (file {changed} changed since it was loaded)" in result.output
    assert_same_as_one_build(database, folder / "*.parquet")


def test_a_new_file_that_sorts_first_rebuilds_from_scratch(tmp_path, half_yearly):
    paths, full = half_yearly
    folder = tmp_path / "exports"
    folder.mkdir()
    database = tmp_path / "warehouse.duckdb"
    for path in paths[1:]:
        shutil.copy(path, folder / path.name)
    build(database, folder / "*.parquet")
    shutil.copy(paths[0], folder / paths[0].name)
    result = build(database, folder / "*.parquet")
    assert f"new file {folder / paths[0].name} sorts before" in result.output
    assert_same_tables(database, full)


def test_changed_settings_rebuild_from_scratch(tmp_path, half_yearly):
    """Lines loaded under other settings are not reused: here an observation end, which
    quarantines the later lines and so changes the netting of every item."""
    paths, _ = half_yearly
    database = tmp_path / "warehouse.duckdb"
    build(database, paths[0].parent / "*.parquet")
    settings = {"observation_end_date": "2011-11-15"}
    result = build(database, paths[0].parent / "*.parquet", **settings)
    assert "from scratch (the reading or analysis settings changed" in result.output
    assert_same_as_one_build(database, paths[0].parent / "*.parquet", **settings)


def test_a_warehouse_of_the_text_line_ids_rebuilds_from_scratch(tmp_path, half_yearly):
    """A warehouse an earlier version of the project built, with line ids as text
    (invoice-fingerprint-copy) and a load log written without the line tables' form in its
    settings, is not extended with 128-bit ids: the next build loads everything again."""
    paths, full = half_yearly
    folder = tmp_path / "exports"
    folder.mkdir()
    for path in paths[:-1]:
        shutil.copy(path, folder / path.name)
    database = tmp_path / "warehouse.duckdb"
    build(database, folder / "*.parquet")
    with duckdb.connect(str(database)) as con:
        for table, column in [
            ("stg_online_retail__transactions", "line_id"),
            ("int_sales_lines_netted", "line_id"),
            ("int_cancellations_matched", "cancellation_line_id"),
            ("int_cancellations_matched", "purchase_line_id"),
        ]:
            con.execute(f"alter table {table} alter {column} type varchar using 'old-' || {column}")
        con.execute("update int_raw_files_loaded set settings_fingerprint = 'an earlier version'")
    shutil.copy(paths[-1], folder / paths[-1].name)
    result = build(database, folder / "*.parquet")
    assert "from scratch (the reading or analysis settings changed" in result.output
    assert_same_tables(database, full)
    with duckdb.connect(str(database), read_only=True) as con:
        kinds = con.sql(
            "select distinct data_type from information_schema.columns"
            " where table_name = 'stg_online_retail__transactions' and column_name = 'line_id'"
        ).fetchall()
    assert kinds == [("UHUGEINT",)]


def test_a_removed_file_rebuilds_from_scratch(tmp_path, half_yearly):
    paths, _ = half_yearly
    folder = tmp_path / "exports"
    shutil.copytree(paths[0].parent, folder)
    database = tmp_path / "warehouse.duckdb"
    build(database, folder / "*.parquet")
    removed = folder / paths[2].name
    removed.unlink()
    result = build(database, folder / "*.parquet")
    assert f"from scratch (file {removed} was loaded but is no longer in" in result.output
    assert_same_as_one_build(database, folder / "*.parquet")
    with duckdb.connect(str(database), read_only=True) as con:
        staged = con.sql(
            "select count(*) from stg_online_retail__transactions where source_file = ?",
            params=[str(removed)],
        )
        assert staged.fetchall() == [(0,)]


def test_a_path_that_holds_none_of_the_loaded_files_stops_the_build(tmp_path, half_yearly):
    """A monthly run with the path forgotten (the demo file) or mistyped would replace every
    loaded line with another data set and pass: it stops before anything is built, and
    --full-refresh replaces the data on purpose."""
    paths, full = half_yearly
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(full, database)
    other = tmp_path / "elsewhere" / paths[0].name
    other.parent.mkdir()
    shutil.copy(paths[0], other)
    result = run_dbt(BUILD_SQL_LAYER, database, {"raw_transactions_path": str(other)})
    assert result.returncode != 0
    assert (
        f"it holds none of the {len(paths)} files this warehouse has loaded ({paths[0]}, "
        in result.output
    )
    assert "run with --full-refresh" in result.output
    assert_same_tables(database, full)
    build(database, other, args=[*BUILD_SQL_LAYER, "--full-refresh"])
    assert_same_as_one_build(database, other)


def test_a_new_file_that_takes_an_earlier_order_out_of_the_sales(tmp_path, half_yearly):
    """A line of a new file that gives an invoice of an earlier file a second customer
    quarantines the whole invoice (several_customers_on_invoice): staging flags the earlier
    lines again, the netting drops them, and their order leaves the sales."""
    paths, _ = half_yearly
    folder = tmp_path / "exports"
    folder.mkdir()
    for path in paths[:2]:
        shutil.copy(path, folder / path.name)
    database = tmp_path / "warehouse.duckdb"
    build(database, folder / "*.parquet")
    with duckdb.connect(str(database), read_only=True) as con:
        invoice, customer = con.sql(
            "select invoice_id, customer_id from int_orders_aggregated"
            " order by net_revenue desc, invoice_id limit 1"
        ).fetchall()[0]
    earlier = pd.read_parquet(paths[1])
    line = earlier.loc[earlier["Invoice"].astype(str) == invoice].head(1).copy()
    assert len(line) == 1
    # the export writes ids as floats (12346.0); the warehouse keeps them as text (12346)
    other = earlier["Customer ID"].dropna()
    line["Customer ID"] = other.loc[other.astype("int64").astype(str) != customer].iloc[0]
    later = pd.concat([pd.read_parquet(paths[2]), line], ignore_index=True)
    later.to_parquet(folder / paths[2].name, index=False)
    result = build(database, folder / "*.parquet")
    assert "1 new" in result.output and "incremental load" in result.output
    assert_same_as_one_build(database, folder / "*.parquet")
    with duckdb.connect(str(database), read_only=True) as con:
        left = con.sql(
            "select count(*) from int_orders_aggregated where invoice_id = ?", params=[invoice]
        ).fetchall()
        quarantined = con.sql(
            "select count(*) from int_transactions_quarantined where invoice_id = ?"
            " and quarantine_reason = 'several_customers_on_invoice'",
            params=[invoice],
        ).fetchall()
    assert left == [(0,)] and quarantined[0][0] >= 2


def test_runs_that_build_only_part_of_the_line_level_catch_up(tmp_path, half_yearly):
    """A run that stages new files but leaves out the netting (a selection, or a run stopped
    half-way) is caught up by the next one: each netting table walks the items of every line
    staged since it last ran, and staging reads again the files the log does not hold."""
    paths, full = half_yearly
    folder = tmp_path / "exports"
    folder.mkdir()
    database = tmp_path / "warehouse.duckdb"
    for path in paths[:2]:
        shutil.copy(path, folder / path.name)
    build(database, folder / "*.parquet")
    shutil.copy(paths[2], folder / paths[2].name)
    build(
        database,
        folder / "*.parquet",
        args=["build", "--select", "stg_online_retail__transactions"],
    )
    shutil.copy(paths[3], folder / paths[3].name)
    build(database, folder / "*.parquet", args=["run", "--select", "+int_raw_files_loaded"])
    for path in paths[4:]:
        shutil.copy(path, folder / path.name)
    result = build(database, folder / "*.parquet")
    assert (
        f"{len(paths) - 4} new" in result.output
        and "4 already loaded: incremental load" in result.output
    )
    assert_same_tables(database, full)
