"""Data trust (issue #12): a build that lost data fails with a message naming the file, and
publish refuses its warehouse. The raw files are exports of one small generated data set
(fixture `original`), written by the tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dbt_project_runner import DBT, PROJECT_DIR, publish_arguments, run_dbt
from raw_export_builds import build_raw, kaggle_layout, write_csv

# ---------------------------------------------------------------------------------------------
# The quarantine gate: a build that lost data fails and is not published
# ---------------------------------------------------------------------------------------------


def _publish(database: Path, serving: Path):
    return subprocess.run(
        [str(DBT.with_name("customer-value")), *publish_arguments(database, serving)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unreadable_lines_fail_the_build_and_publish_refuses(tmp_path, original):
    exports = tmp_path / "exports"
    exports.mkdir()
    kaggle = kaggle_layout(original)
    half = len(kaggle) // 2
    write_csv(kaggle.iloc[:half], exports / "a.csv", encoding="latin-1")
    broken = kaggle.iloc[half:].copy()
    bad = broken.index[::20]  # 5% of the file
    broken["Quantity"] = broken["Quantity"].astype(str)
    broken.loc[bad, "Quantity"] = "n/a"
    write_csv(broken, exports / "b.csv", encoding="latin-1")
    result = build_raw(tmp_path, exports / "*.csv", expect_ok=False)
    assert result.returncode != 0
    share = 100 * len(bad) / len(broken)
    assert (
        f"raw file '{exports / 'b.csv'}': {share:.1f}% of its {len(broken)} lines" in result.output
    )
    assert "main reason unparseable_value, e.g. Quantity: 'n/a'" in result.output
    assert "var gate_max_unreadable_share" in result.output
    gate_line = next(
        line for line in result.output.splitlines() if "Quarantine gate failed" in line
    )
    assert "a.csv" not in gate_line
    refused = _publish(tmp_path / "warehouse.duckdb", tmp_path / "serving")
    assert refused.returncode == 1
    assert not (tmp_path / "serving" / "customer_value.duckdb").exists()
    # the limit is a var: raised above the file's share, the same files build
    build_raw(tmp_path, exports / "*.csv", gate_max_unreadable_share=0.06)


def test_a_file_without_a_sale_fails_the_build(tmp_path, original):
    kaggle = kaggle_layout(original.iloc[:300])
    free = kaggle.copy()
    free["UnitPrice"] = 0.0
    exports = tmp_path / "exports"
    exports.mkdir()
    write_csv(kaggle_layout(original.iloc[300:]), exports / "a.csv")
    write_csv(free, exports / "b.csv")
    result = build_raw(tmp_path, exports / "*.csv", expect_ok=False)
    assert result.returncode != 0
    output = " ".join(result.output.split())
    expected = f"raw file '{exports / 'b.csv'}': none of its 300 lines up to the observation end"
    assert expected in output
    # lines without a customer id are quarantined as such (checked first), the rest as zero_price
    without_id = int((free["CustomerID"] == "").sum())
    main = "no_customer_id" if without_id >= len(free) - without_id else "zero_price"
    assert f"300 quarantined (main reason {main}), 0 cancellations" in output


def test_python_model_says_what_emptied_its_input(tmp_path, original):
    """`dbt run` runs no test, so the gate cannot stop it: the Python models say why."""
    free = kaggle_layout(original)
    free["UnitPrice"] = 0.0
    path = write_csv(free, tmp_path / "free.csv")
    result = run_dbt(
        ["run", "--select", "+customer_clv_predictions"],
        tmp_path / "w.duckdb",
        {"raw_transactions_path": str(path)},
    )
    assert result.returncode != 0
    assert "ValueError: no customer to model: every sale line was quarantined" in result.output
    assert "zero_price" in result.output
