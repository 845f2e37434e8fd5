"""Tests of the customer-value command line."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from customer_value.cli import SUBCOMMANDS, build_parser, main


def test_generate_customers(tmp_path, capsys):
    output = tmp_path / "demo.parquet"
    truth = tmp_path / "truth.json"
    code = main(
        ["generate", "--customers", "40", "--seed", "3", "--output", str(output)]
        + ["--true-parameters", str(truth), "--quiet"]
    )
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    summary = json.loads(captured.out)
    assert summary["customers"] == 40
    assert pq.read_metadata(output).num_rows == summary["lines"]
    assert json.loads(truth.read_text())["time_unit"] == "weeks"


def test_generate_lines_with_progress(tmp_path, capsys, monkeypatch):
    from customer_value import synthetic

    monkeypatch.setattr(synthetic.purchases, "BLOCK_CUSTOMERS", 256)  # a small pilot
    output = tmp_path / "lines.csv"
    code = main(["generate", "--lines", "20,000", "--output", str(output)])
    captured = capsys.readouterr()
    assert code == 0 and "chunk 1/1" in captured.err
    assert 12_000 < json.loads(captured.out)["lines"] < 30_000
    assert (tmp_path / "lines_true_parameters.json").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "--customers", "5", "--output", "{tmp}/missing/x.parquet"], "does not exist"),
        (
            ["generate", "--customers", "5", "--output", "{tmp}/x.parquet", "--end", "2001-01-01"],
            "end",
        ),  # noqa: E501
        (
            ["generate", "--customers", "5", "--lines", "9", "--output", "{tmp}/x.parquet"],
            "not allowed",
        ),  # noqa: E501
        (["generate", "--customers", "0", "--output", "{tmp}/x.parquet"], "at least 1"),
        (["generate", "--customers", "5"], "--output"),
        (["ingest", "{tmp}/nope.xlsx", "{tmp}/raw.parquet"], "xlsx file not found"),
        (["nonsense"], "invalid choice"),
        ([], "command"),
    ],
)
def test_user_errors_exit_2_with_one_clear_message(tmp_path, capsys, argv, message):
    code = main([arg.replace("{tmp}", str(tmp_path)) for arg in argv])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_ingest_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert main(["ingest", str(bad), str(tmp_path / "raw.parquet")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("customer-value ingest: error: cannot read") and "\n" not in err


def test_every_subcommand_has_help():
    parser = build_parser()
    for name in SUBCOMMANDS:
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args([name, "--help"])
        assert exit_.value.code == 0
    assert main(["--version"]) == 0
