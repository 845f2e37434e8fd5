{#- True when `stock_code` is a non-product code of the seed `codes` (non_product_stock_codes:
    exact codes, and prefixes matched with LIKE, both in upper case). Once the seed is in the
    warehouse its rows are written into the SQL as literals (an IN list and LIKE tests), so each
    line is tested on its own: a subquery per line makes the engine hold every line's columns for
    the lookup. Before that (dbt compile on a new warehouse) the same test is a subquery; both
    forms give the same value for every stock code, null included. -#}
{% macro is_non_product_code(stock_code, codes) -%}
    {%- set relation = load_relation(codes) if execute else none -%}
    {%- if relation is none -%}
        (
            upper({{ stock_code }}) in (
                select upper(exact_codes.stock_code_pattern) from {{ codes }} as exact_codes
                where exact_codes.match_type = 'exact'
            )
            or exists (
                select 1 from {{ codes }} as prefix_codes
                where
                    prefix_codes.match_type = 'prefix'
                    and upper({{ stock_code }}) like upper(prefix_codes.stock_code_pattern) || '%'
            )
        )
    {%- else -%}
        {%- set rows = run_query("select upper(stock_code_pattern), match_type from " ~ relation
            ~ " where match_type in ('exact', 'prefix') order by 2, 1").rows -%}
        {%- set exact = [] -%}
        {%- set prefixes = [] -%}
        {%- for row in rows -%}
            {%- if row[1] == 'exact' -%}
                {%- do exact.append(sql_string(row[0])) -%}
            {%- else -%}
                {%- do prefixes.append("upper(" ~ stock_code ~ ") like " ~ sql_string(row[0] ~ "%")) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- as the subquery form: IN an empty list is false, EXISTS is never null -#}
        (
            {{ "upper(" ~ stock_code ~ ") in (" ~ exact | join(", ") ~ ")" if exact else "false" }}
            or coalesce({{ prefixes | join(" or ") if prefixes else "false" }}, false)
        )
    {%- endif -%}
{%- endmacro %}
