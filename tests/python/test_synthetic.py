"""Tests of customer_value.synthetic: the true process and the Online Retail II line writer."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from numpy.testing import assert_allclose
from scipy.special import hyp2f1

from customer_value import synthetic
from customer_value.synthetic import (
    DEFAULT_TRUE_PARAMETERS,
    TrueParameters,
    customers_for_lines,
    simulate_customer_purchases,
    write_transactions,
)

REAL_FILE = Path("/work/shared/data/online_retail_II.parquet")
PRODUCT = r"^[0-9]{5}[A-Za-z]?$"  # regular product stock codes, e.g. 21232 and 85123A

EXPECTED_SCHEMA = pa.schema(
    [
        pa.field("Invoice", pa.string(), nullable=False),
        pa.field("StockCode", pa.string(), nullable=False),
        pa.field("Description", pa.string()),
        pa.field("Quantity", pa.int64(), nullable=False),
        pa.field("InvoiceDate", pa.timestamp("us")),
        pa.field("Price", pa.float64(), nullable=False),
        pa.field("Customer ID", pa.float64()),
        pa.field("Country", pa.string(), nullable=False),
    ]
)


def bgnbd_expected_repeats(params: TrueParameters, t: float) -> float:
    """E[X(t)] of the BG/NBD model (Fader, Hardie & Lee 2005, eq. 9)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("synthetic") / "lines.parquet"
    summary = write_transactions(path, 1200, seed=7, progress=False)
    return summary


@pytest.fixture(scope="module")
def con(generated) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.sql(f"create view t as select * from read_parquet('{generated['path']}')")
    connection.sql("create view u as select distinct * from t")
    return connection


def scalar(con, sql: str):
    return con.sql(sql).fetchall()[0][0]


# --- simulate_customer_purchases ------------------------------------------------------------


def test_simulate_columns_and_types():
    df = simulate_customer_purchases(300, seed=3)
    assert list(df.columns) == ["customer_id", "order_date", "net_revenue"]
    assert df["order_date"].dtype == np.dtype("datetime64[ns]")
    assert df["net_revenue"].dtype == np.float64
    assert all(isinstance(value, str) for value in df["customer_id"])
    assert df["customer_id"].nunique() == 300  # everyone makes a first purchase
    assert (df["net_revenue"] > 0).all()
    assert (df["order_date"] == df["order_date"].dt.normalize()).all()
    assert df["order_date"].min() >= pd.Timestamp("2009-12-01")
    assert df["order_date"].max() <= pd.Timestamp("2011-12-09")
    assert not df.duplicated(["customer_id", "order_date"]).any()  # one row per day
    assert df["customer_id"].min() == "12346"


def test_simulate_is_deterministic_and_seed_dependent():
    first = simulate_customer_purchases(500, seed=11)
    pd.testing.assert_frame_equal(first, simulate_customer_purchases(500, seed=11))
    assert not first.equals(simulate_customer_purchases(500, seed=12))


def test_simulate_first_customers_do_not_depend_on_n_customers():
    small = simulate_customer_purchases(synthetic.BLOCK_CUSTOMERS, seed=5)
    large = simulate_customer_purchases(synthetic.BLOCK_CUSTOMERS + 100, seed=5)
    pd.testing.assert_frame_equal(small, large.iloc[: len(small)])


def test_simulate_purchase_counts_match_bgnbd_theory():
    # Everyone starts on day 0 and is watched for the whole period of T weeks.
    params = DEFAULT_TRUE_PARAMETERS
    df = simulate_customer_purchases(40_000, params, seed=1, acquisition_spread=0.0)
    assert (df.groupby("customer_id")["order_date"].min() == pd.Timestamp("2009-12-01")).all()
    repeats = df.groupby("customer_id").size() - 1
    weeks = (pd.Timestamp("2011-12-10") - pd.Timestamp("2009-12-01")).days / 7
    expected = bgnbd_expected_repeats(params, weeks)
    # Merging same-day purchases removes about 1.5 % of them (7.77 against 7.89 here).
    assert_allclose(repeats.mean(), expected, rtol=0.04)
    assert repeats.mean() < expected * 1.01


def test_simulate_spend_matches_gamma_gamma_theory():
    params = TrueParameters(r=1.1, alpha=8.0, a=0.7, b=6.0, p=3.0, q=6.0, gamma=800.0)
    df = simulate_customer_purchases(20_000, params, seed=2)
    expected = params.p * params.gamma / (params.q - 1)  # E[z] (Fader & Hardie 2013)
    assert_allclose(df["net_revenue"].mean(), expected, rtol=0.03)


def test_simulate_spread_gives_cohorts():
    df = simulate_customer_purchases(4000, seed=4, acquisition_spread=0.5)
    first = df.groupby("customer_id")["order_date"].min()
    assert first.max() <= pd.Timestamp("2010-12-06")
    months = first.dt.to_period("M").value_counts().sort_index()
    assert len(months) == 13 and months.iloc[:12].min() > 200  # the 13th month is 5 days


def test_default_parameters_look_like_online_retail():
    df = simulate_customer_purchases(6000, seed=9)
    days = df.groupby("customer_id").size()
    assert 4.5 < days.mean() < 6.5 and days.median() == 3
    assert 400 < df["net_revenue"].mean() < 650
    assert 200 < df["net_revenue"].median() < 400


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_customers": 0}, "n_customers"),
        ({"n_customers": 2.5}, "n_customers"),
        ({"n_customers": 10, "acquisition_spread": 1.5}, "acquisition_spread"),
        ({"n_customers": 10, "start": "not a date"}, "start"),
        ({"n_customers": 10, "end": "2009-11-01"}, "end"),
        ({"n_customers": 10, "params": {"r": 1}}, "params"),
    ],
)
def test_simulate_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate_customer_purchases(**kwargs)


def test_true_parameters_checks_and_round_trip(tmp_path):
    with pytest.raises(ValueError, match="alpha"):
        TrueParameters(r=1, alpha=-1, a=1, b=1, p=1, q=2, gamma=1)
    path = tmp_path / "params.json"
    DEFAULT_TRUE_PARAMETERS.to_json(path)
    data = json.loads(path.read_text())
    assert data["time_unit"] == "weeks"
    assert TrueParameters.from_dict(data) == DEFAULT_TRUE_PARAMETERS
    with pytest.raises(ValueError, match="gamma"):
        TrueParameters.from_dict({"r": 1, "alpha": 1, "a": 1, "b": 1, "p": 1, "q": 2})


# --- write_transactions ---------------------------------------------------------------------


def test_schema_is_online_retail_ii(generated):
    schema = pq.read_schema(generated["path"])
    assert schema.equals(EXPECTED_SCHEMA)


@pytest.mark.skipif(not REAL_FILE.exists(), reason="real Online Retail II file not available")
def test_schema_equals_real_file(generated):
    assert pq.read_schema(generated["path"]).equals(pq.read_schema(REAL_FILE))


def test_summary_and_true_parameters_json(generated, con):
    assert generated["lines"] == scalar(con, "select count(*) from t")
    assert generated["invoices"] == scalar(con, "select count(distinct Invoice) from t")
    assert generated["customers"] == 1200
    assert scalar(con, 'select count(distinct "Customer ID") from t') == 1200
    data = json.loads(Path(generated["true_parameters_path"]).read_text())
    assert Path(generated["true_parameters_path"]).name == "lines_true_parameters.json"
    assert TrueParameters.from_dict(data) == DEFAULT_TRUE_PARAMETERS
    assert data["time_unit"] == "weeks" and data["seed"] == 7 and data["n_customers"] == 1200


def test_values_look_like_the_real_file(con):
    assert scalar(con, "select count(*) from t where InvoiceDate is null") == 0
    assert scalar(con, "select count(*) from t where second(InvoiceDate) <> 0") == 0
    assert scalar(con, "select min(InvoiceDate) >= '2009-12-01' from t")
    assert scalar(con, "select max(InvoiceDate) < '2011-12-10' from t")
    assert scalar(con, """select min("Customer ID") from t""") == 12346.0
    assert (
        scalar(con, """select count(*) from t where "Customer ID" <> round("Customer ID")""") == 0
    )
    assert (
        scalar(con, "select count(*) from t where not regexp_matches(Invoice, '^[CA]?[0-9]{6,}$')")
        == 0
    )
    # Invoice numbers follow time.
    assert (
        scalar(
            con,
            """select count(*) from (select cast(regexp_extract(Invoice, '[0-9]+') as bigint) n,
        min(InvoiceDate) d from t group by Invoice) a join (select cast(regexp_extract(Invoice,
        '[0-9]+') as bigint) n, min(InvoiceDate) d from t group by Invoice) b
        on a.n < b.n and a.d > b.d""",
        )
        == 0
    )
    lines = scalar(
        con,
        """select median(n) from (select count(*) as n from t
        where Invoice not like 'C%' and "Customer ID" is not null group by Invoice)""",
    )
    assert 8 <= lines <= 20


def test_each_quirk_is_present_at_a_realistic_rate(con):
    n = scalar(con, "select count(*) from t")
    share = lambda where: scalar(con, f"select count(*) from t where {where}") / n  # noqa: E731
    assert 0.18 < share('"Customer ID" is null') < 0.28
    assert 0.012 < share("Invoice like 'C%'") < 0.025
    assert 0.0015 < share("Quantity < 0 and Invoice not like 'C%'") < 0.005
    assert (
        share(
            "Quantity < 0 and Invoice not like 'C%' and (Price <> 0 or \"Customer ID\" is not null)"
        )
        == 0
    )
    assert share("Price = 0 and Quantity > 0") > 0.001
    assert 0.08 < share("regexp_matches(StockCode, '^[0-9]{5}[A-Za-z]+$')") < 0.16
    duplicates = n - scalar(con, "select count(*) from u")
    assert 0.007 < duplicates / n < 0.016
    codes = {row[0] for row in con.sql("select distinct StockCode from t").fetchall()}
    assert {"POST", "DOT", "M", "C2", "D", "BANK CHARGES"} <= codes
    bad_debt = con.sql(
        "select StockCode, Quantity, Price, \"Customer ID\" from t where Invoice like 'A%'"
    ).fetchall()
    assert bad_debt and all(
        code == "B" and q == 1 and p < 0 and c is None for code, q, p, c in bad_debt
    )
    assert (
        scalar(con, "select count(*) from t where Quantity >= 10000 and Invoice not like 'C%'") >= 1
    )
    assert scalar(con, "select count(*) from t where Quantity <= -10000 and Invoice like 'C%'") >= 1
    countries = scalar(con, "select count(distinct Country) from t")
    assert countries >= 10
    assert (
        scalar(
            con,
            """select max(n) from (select "Customer ID", count(distinct Country) n from t
        where "Customer ID" is not null group by 1)""",
        )
        <= 2
    )
    assert 0.85 < share("Country = 'United Kingdom'") < 0.97


def test_cancellations_match_earlier_purchases_or_predate_the_data(con):
    # On distinct lines (exact duplicates removed), per customer and product code.
    rows = con.sql(
        f"""
        with lines as (
            select "Customer ID" as customer, StockCode as code, InvoiceDate as ts, Quantity as q,
                   Invoice like 'C%' as is_cancel
            from u where "Customer ID" is not null and regexp_matches(StockCode, '{PRODUCT}')
        ),
        cancels as (select * from lines where is_cancel),
        bought as (select customer, code, ts, q from lines where not is_cancel and q > 0)
        select c.customer, c.code, c.ts,
            (select sum(-c2.q) from cancels c2 where c2.customer = c.customer
                and c2.code = c.code and c2.ts <= c.ts) as cancelled_so_far,
            (select sum(b.q) from bought b where b.customer = c.customer and b.code = c.code
                and b.ts < c.ts) as bought_before,
            (select count(*) from bought b where b.customer = c.customer and b.code = c.code)
                as bought_ever
        from cancels c
        """
    ).fetchall()
    assert all(row[3] > 0 for row in rows)  # cancellations have negative quantities
    matched = [row for row in rows if row[5] > 0]
    predates = [row for row in rows if row[5] == 0]
    assert len(matched) > 100 and len(predates) > 10
    assert 0.04 < len(predates) / len(rows) < 0.25
    assert all(row[4] is not None and row[3] <= row[4] for row in matched)
    full = con.sql(
        f"""select count(*) from u c join u p on c."Customer ID" = p."Customer ID"
        and c.StockCode = p.StockCode and p.Quantity = -c.Quantity and p.InvoiceDate < c.InvoiceDate
        where c.Invoice like 'C%' and p.Invoice not like 'C%'
        and regexp_matches(c.StockCode, '{PRODUCT}')"""
    ).fetchall()[0][0]
    assert full > 0.1 * len(matched)


def test_cancellations_belong_to_the_customer_and_come_later(con):
    # Every C invoice of a customer comes after the customer's first purchase.
    early = scalar(
        con,
        """select count(*) from t c where c.Invoice like 'C%' and c."Customer ID" is not null
        and c.InvoiceDate <= (select min(p.InvoiceDate) from t p where p.Invoice not like 'C%'
        and p."Customer ID" = c."Customer ID")""",
    )
    assert early == 0


def test_net_product_revenue_matches_the_true_process(generated, con):
    truth = simulate_customer_purchases(1200, seed=7)
    # Purchase days are the customer invoice days.
    days = con.sql(
        """select distinct cast(cast("Customer ID" as bigint) as varchar) as customer_id,
        cast(InvoiceDate as date) as order_date from t
        where "Customer ID" is not null and Invoice not like 'C%'"""
    ).df()
    assert len(days) == len(truth)
    con.register("truth", truth)
    ratio = con.sql(
        f"""with net as (
            select cast(cast("Customer ID" as bigint) as varchar) as customer_id,
                   sum(Quantity * Price) as v
            from u where "Customer ID" is not null and regexp_matches(StockCode, '{PRODUCT}')
            and StockCode in (select StockCode from u where Invoice not like 'C%' and Quantity > 0)
            group by 1),
        true_spend as (select customer_id, sum(net_revenue) as v from truth group by 1)
        select sum(net.v) / sum(true_spend.v), median(net.v / true_spend.v)
        from net join true_spend using (customer_id)"""
    ).fetchall()[0]
    assert_allclose(ratio, [1.0, 1.0], atol=0.02)


def test_write_is_deterministic_and_chunking_only_changes_invoice_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(synthetic.purchases, "BLOCK_CUSTOMERS", 64)
    kwargs = {"n_customers": 200, "seed": 3, "progress": False}
    one = write_transactions(tmp_path / "a.parquet", chunk_customers=256, **kwargs)
    two = write_transactions(tmp_path / "b.parquet", chunk_customers=256, **kwargs)
    many = write_transactions(tmp_path / "c.parquet", chunk_customers=64, **kwargs)
    other = write_transactions(tmp_path / "d.parquet", chunk_customers=256, **{**kwargs, "seed": 4})
    a, b = pq.read_table(one["path"]), pq.read_table(two["path"])
    assert a.equals(b)
    assert not a.equals(pq.read_table(other["path"]))
    columns = [name for name in a.column_names if name != "Invoice"]
    sort = [(name, "ascending") for name in columns]
    c = pq.read_table(many["path"])
    assert a.select(columns).sort_by(sort).equals(c.select(columns).sort_by(sort))
    assert one["lines"] == many["lines"] and one["invoices"] == many["invoices"]


def test_csv_output_and_explicit_json_path(tmp_path):
    json_path = tmp_path / "truth.json"
    summary = write_transactions(
        tmp_path / "lines.csv", 50, seed=1, progress=False, true_parameters_path=json_path
    )
    frame = pd.read_csv(summary["path"])
    assert list(frame.columns) == EXPECTED_SCHEMA.names
    assert len(frame) == summary["lines"]
    assert json.loads(json_path.read_text())["time_unit"] == "weeks"


def test_progress_goes_to_stderr(tmp_path, capsys):
    write_transactions(tmp_path / "x.parquet", 20, seed=1)
    captured = capsys.readouterr()
    assert captured.out == "" and "chunk 1/1" in captured.err


def test_customers_for_lines_aims_at_the_line_count(tmp_path, monkeypatch):
    monkeypatch.setattr(synthetic.purchases, "BLOCK_CUSTOMERS", 1024)  # a smaller pilot block
    n = customers_for_lines(60_000, seed=5)
    summary = write_transactions(tmp_path / "x.parquet", n, seed=5, progress=False)
    assert_allclose(summary["lines"], 60_000, rtol=0.12)
    with pytest.raises(ValueError, match="n_lines"):
        customers_for_lines(0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_customers": 0}, "n_customers"),
        ({"n_customers": 5, "chunk_customers": 0}, "chunk_customers"),
        ({"n_customers": 5, "lines_per_invoice": 0.5}, "lines_per_invoice"),
    ],
)
def test_write_rejects_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        write_transactions(tmp_path / "x.parquet", progress=False, **kwargs)


def test_write_rejects_missing_directory(tmp_path):
    with pytest.raises(ValueError, match="path"):
        write_transactions(tmp_path / "missing" / "x.parquet", 5, progress=False)


@pytest.mark.slow
def test_demo_sized_file_is_small_and_realistic(tmp_path):
    summary = write_transactions(
        tmp_path / "demo.parquet", 5000, lines_per_invoice=16, compression_level=19, progress=False
    )
    assert Path(summary["path"]).stat().st_size < 5_000_000
    assert summary["lines"] > 400_000
