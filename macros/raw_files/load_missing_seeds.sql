{#- Loads the project's seeds (small lookup tables) straight from their CSV files when they are
    missing from the warehouse, so that `dbt run` or `dbt test` on a new warehouse works as
    `dbt build` does. `dbt seed` and `dbt build` load them themselves and are left alone. -#}
{% macro load_missing_seeds() %}
    {%- if flags.WHICH in ['seed', 'build'] -%}{{ return('') }}{%- endif -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.package_name == project_name -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is none -%}
            {%- set csv_path = node.root_path ~ '/' ~ node.original_file_path -%}
            {%- do run_query("create schema if not exists " ~ node.schema ~ "; create table " ~ node.schema ~ "."
                ~ node.alias ~ " as select * from read_csv('" ~ csv_path | replace("'", "''") ~ "', header = true)") -%}
            {#- known to dbt's relation cache, so later lookups in this run find it -#}
            {%- do adapter.cache_added(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table')) -%}
            {{ log("seed " ~ node.name ~ " was missing from the warehouse: loaded it from " ~ node.original_file_path, info=true) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
