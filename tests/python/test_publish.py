"""`customer-value publish`: only a build that passed its tests reaches the serving location, and
publishing never blocks or breaks a reader (checked with reader processes querying throughout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from customer_value.publish import (
    PUBLICATION_TABLE,
    PublishRefused,
    main,
    publish,
)
from dbt_project_runner import run_dbt

#: A BI tool in its own process: query the published file in a loop until told to stop. Every
#: query checks that the tables hold exactly the rows the publication table of the same file
#: lists, so a mix of two versions would show. "hold" keeps one connection for the whole run
#: (a dashboard left open); "reconnect" opens a new one each time (a tool that reconnects).
READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb

    database, stop, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

    def snapshot(con):
        rows = con.execute("select table_name, row_count, version from publication").fetchall()
        for table, expected, _ in rows:
            got = con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
            assert got == expected, f"{table}: {got} rows, publication says {expected}"
        con.execute(
            "select rfm_segment, sum(customers) from segment_summary group by all"
        ).fetchall()
        versions = {row[2] for row in rows}
        assert len(versions) == 1, versions
        return versions.pop()

    queries, errors, versions = 0, [], []
    held = duckdb.connect(database, read_only=True) if mode == "hold" else None
    while True:
        try:
            if held is not None:
                version = snapshot(held)
            else:
                with duckdb.connect(database, read_only=True) as con:
                    version = snapshot(con)
            queries += 1
            if not versions or versions[-1] != version:
                versions.append(version)
        except Exception as error:
            errors.append(repr(error))
        if queries + len(errors) == 1:
            print("ready", flush=True)
        if stop.exists():
            break
        time.sleep(0.02)  # a busy dashboard, not a benchmark: leave the CPU to the build
    print(json.dumps({"queries": queries, "errors": errors[:5], "versions": versions}))
    """
)


@pytest.fixture(scope="module")
def working(tmp_path_factory, built_warehouse) -> Path:
    """A copy of the built warehouse and its dbt artifacts (mtimes kept, as the check needs), so
    these tests can rebuild and lock it without touching the session's warehouse."""
    folder = tmp_path_factory.mktemp("working")
    shutil.copy2(built_warehouse, folder / built_warehouse.name)
    shutil.copytree(built_warehouse.parent / "target", folder / "target")
    return folder / built_warehouse.name


def _target(database: Path) -> Path:
    return database.parent / "target"


def _version(database: Path) -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        versions = con.execute(f"select distinct version from {PUBLICATION_TABLE}").fetchall()
    assert len(versions) == 1
    return versions[0][0]


def _state(serving: Path) -> dict:
    """Everything a reader could see in the serving folder."""
    database = serving / "customer_value.duckdb"
    return {
        "files": sorted(str(path.relative_to(serving)) for path in serving.rglob("*")),
        "inode": database.stat().st_ino,
        "mtime": database.stat().st_mtime_ns,
        "current": os.readlink(serving / "current"),
    }


def _start_reader(database: Path, stop: Path, mode: str) -> subprocess.Popen:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(database), str(stop), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "ready", reader.stderr.read()
    return reader


def _finish_reader(reader: subprocess.Popen) -> dict:
    out, err = reader.communicate(timeout=30)
    assert reader.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_publish_under_concurrent_readers_and_build(working, fixture_raw_file, tmp_path):
    serving = tmp_path / "serving"
    first = publish(working, serving, _target(working))
    database = serving / "customer_value.duckdb"
    assert _version(database) == first.version

    stop = tmp_path / "stop"
    holding = _start_reader(database, stop, "hold")
    reconnecting = _start_reader(database, stop, "reconnect")
    try:
        # the readers hold the serving file, not the working one: the build is not blocked
        # a whole build: publish wants every test upstream of the marts to have run
        build = run_dbt(
            ["build"],
            working,
            {"raw_transactions_path": str(fixture_raw_file)},
        )
        assert build.returncode == 0, build.output[-3000:]
        second = publish(working, serving, _target(working))
        third = publish(working, serving, _target(working))  # publishing twice works
        time.sleep(0.5)  # let the reconnecting reader query the last version
    finally:
        stop.touch()
        held, fresh = _finish_reader(holding), _finish_reader(reconnecting)

    assert held["errors"] == [] and fresh["errors"] == []
    assert held["queries"] > 10 and fresh["queries"] > 10
    # the open connection kept reading the version it opened, whole
    assert held["versions"] == [first.version]
    # the reconnecting reader saw whole versions, in order, ending with the newest
    assert fresh["versions"][0] == first.version and fresh["versions"][-1] == third.version
    assert set(fresh["versions"]) <= {first.version, second.version, third.version}
    assert second.build.invocation_id != first.build.invocation_id  # the new build's
    assert _version(database) == third.version
    # the export of the version before is kept, older ones pruned
    assert sorted(path.name for path in (serving / "versions").iterdir()) == [
        second.version,
        third.version,
    ]
    assert os.readlink(serving / "current") == f"versions/{third.version}"
    assert not list(serving.glob(".*.tmp"))


@pytest.fixture()
def serving(working, tmp_path) -> Path:
    """A serving folder with one publication of the working warehouse."""
    folder = tmp_path / "serving"
    publish(working, folder, _target(working))
    return folder


def test_exports_match_the_database(serving):
    database = serving / "customer_value.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        counts = dict(
            con.execute(f"select table_name, row_count from {PUBLICATION_TABLE}").fetchall()
        )
        actual = {
            table: con.execute(f"select count(*) from {table}").fetchall()[0][0] for table in counts
        }
        comment = con.execute(
            "select comment from duckdb_columns() "
            "where table_name = 'customers' and column_name = 'customer_id'"
        ).fetchall()[0][0]
    assert counts == actual
    assert {"customers", "customer_lifetime_value", "segment_summary"} <= set(counts)
    assert comment  # the dbt column descriptions travel with the data
    metadata = json.loads((serving / "current" / "publication.json").read_text())
    assert metadata["tables"] == counts
    with duckdb.connect() as con:
        for table, rows in counts.items():
            for fmt, reader in (("parquet", "read_parquet"), ("csv", "read_csv")):
                path = serving / "current" / fmt / f"{table}.{fmt}"
                assert (
                    con.execute(f"select count(*) from {reader}('{path}')").fetchall()[0][0] == rows
                )


def _edited_target(working: Path, tmp_path: Path, edit) -> Path:
    target = tmp_path / "target"
    target.mkdir()
    shutil.copy2(_target(working) / "manifest.json", target / "manifest.json")
    run_results = json.loads((_target(working) / "run_results.json").read_text())
    edit(run_results)
    (target / "run_results.json").write_text(json.dumps(run_results))
    return target


def _result(run_results: dict, prefix: str) -> dict:
    return next(r for r in run_results["results"] if r["unique_id"].startswith(prefix))


def test_failed_test_is_refused_and_serving_kept(working, serving, tmp_path):
    def fail_a_test(run_results):
        result = _result(run_results, "test.customer_value.unique_customers_customer_id")
        result |= {"status": "fail", "failures": 3, "message": "Got 3 results, configured to fail"}

    target = _edited_target(working, tmp_path, fail_a_test)
    before, version = _state(serving), _version(serving / "customer_value.duckdb")
    completed = subprocess.run(
        [sys.executable, "-m", "customer_value.publish", "--warehouse", str(working)]
        + ["--target-path", str(target), "--serving-dir", str(serving)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "refusing to publish" in completed.stderr
    assert "fail     unique_customers_customer_id (3 failing rows)" in completed.stderr
    assert f"still holds version {version}" in completed.stderr
    assert _state(serving) == before


def test_errored_gate_is_refused_with_its_message(working, serving, tmp_path):
    def fail_the_gate(run_results):
        gate = "test.customer_value.assert_raw_files_pass_the_quarantine_gate"
        result = _result(run_results, gate)
        result |= {
            "status": "error",
            "message": "Runtime Error in test assert_raw_files_pass_the_quarantine_gate\n"
            "  Invalid Input Error: Quarantine gate failed: raw file 'x.csv': 5.0% of its lines",
        }

    target = _edited_target(working, tmp_path, fail_the_gate)
    with pytest.raises(PublishRefused, match="Quarantine gate failed: raw file 'x.csv'"):
        publish(working, serving, target)


def _set(path: str, value):
    def edit(run_results):
        keys = path.split(".")
        node = run_results
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return edit


def _node_status(prefix: str, status: str):
    def edit(run_results):
        _result(run_results, prefix)["status"] = status

    return edit


def _drop(prefix: str):
    def edit(run_results):
        run_results["results"].remove(_result(run_results, prefix))

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_set("args.which", "run"), "not `dbt build`"),
        (_set("args.empty", True), "--empty"),
        (_node_status("model.customer_value.customer_rfm", "error"), "error +customer_rfm"),
        (_node_status("model.customer_value.customer_segments", "skipped"), "1 skipped"),
        (_drop("model.customer_value.segment_summary"), "did not build these marts: segment_s"),
        (_drop("test.customer_value.unique_customers_customer_id"), "tests of the marts or"),
        # the quarantine gate tests no mart, but every mart is built from the model it tests
        (
            _drop("test.customer_value.assert_raw_files_pass_the_quarantine_gate"),
            "did not run in the last build .*assert_raw_files_pass_the_quarantine_gate",
        ),
        (_set("metadata.generated_at", "2000-01-01T00:00:00Z"), "changed after the last dbt"),
        (_set("metadata.invocation_started_at", "2999-01-01T00:00:00Z"), "did not write"),
    ],
)
def test_unpublishable_builds_are_refused(working, serving, tmp_path, edit, message):
    target = _edited_target(working, tmp_path, edit)
    before = _state(serving)
    with pytest.raises(PublishRefused, match=message):
        publish(working, serving, target)
    assert _state(serving) == before


def test_run_results_of_another_warehouse_are_refused(working, serving, tmp_path):
    other = tmp_path / "other.duckdb"
    shutil.copy2(working, other)
    before = _state(serving)
    with pytest.raises(PublishRefused, match="database named 'customer_value', not to"):
        publish(other, serving, _target(working))
    with pytest.raises(PublishRefused, match="no run_results.json"):
        publish(working, serving, tmp_path / "nowhere")
    assert _state(serving) == before


def test_warehouse_being_written_is_refused(working, serving):
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.read()",
            str(working),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        before = _state(serving)
        with pytest.raises(PublishRefused, match="open for writing by another process"):
            publish(working, serving, _target(working))
        assert _state(serving) == before
    finally:
        writer.communicate("", timeout=30)


def test_command_line_with_environment(working, tmp_path, monkeypatch, capsys):
    serving = tmp_path / "from_env"
    monkeypatch.setenv("CUSTOMER_VALUE_SERVING_DIR", str(serving))
    monkeypatch.setenv("CUSTOMER_VALUE_DB", str(working))
    monkeypatch.setenv("DBT_TARGET_PATH", str(_target(working)))
    assert main(["--no-csv"]) == 0
    out = capsys.readouterr().out
    assert "Published" in out and "customer_lifetime_value" in out
    assert (serving / "current" / "parquet" / "customers.parquet").is_file()
    assert not (serving / "current" / "csv").exists()


def test_serving_file_is_in_the_storage_format_duckdb_1_1_reads(serving):
    """DuckDB 2 writes storage version 69 by default, which no DuckDB 1.x opens; the serving file
    is written in version 64 (test_serving_compatibility.py opens it with DuckDB 1.1 and 1.x)."""
    header = (serving / "customer_value.duckdb").read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert int.from_bytes(header[12:20], "little") == 64
