"""relation_frame: a warehouse table read through Arrow is the frame DuckDB's .df() gives."""

from __future__ import annotations

import duckdb
import pandas as pd

from customer_value.relation_frames import relation_frame


def test_the_frame_is_the_one_df_gives_for_every_column_type():
    con = duckdb.connect()
    con.sql(
        """
        create table t as
        select i::varchar as text_id,
               case when i % 3 = 0 then null else 'model ' || (i % 2) end as nullable_text,
               (i * 1234.5678 / 7)::decimal(38, 4) as amount,
               date '2011-12-09' - i::int as day,
               i as whole,
               case when i % 4 = 0 then null else i end as nullable_whole,
               case when i % 5 = 0 then null else i::int end as nullable_int,
               case when i % 6 = 0 then null else i % 2 = 0 end as nullable_flag,
               i % 2 = 0 as flag,
               i / 7 as ratio
        from range(50) r(i)
        """
    )
    expected = con.sql("select * from t order by nullable_text, whole desc").df()
    got = relation_frame(con.table("t"), order_by="nullable_text, whole desc")
    pd.testing.assert_frame_equal(got, expected)
    unordered = relation_frame(con.table("t")).sort_values("whole", ignore_index=True)
    pd.testing.assert_frame_equal(unordered, con.sql("select * from t order by whole").df())
