{#- The eight fields of a raw transaction line (Online Retail II names), the column names each is
    recognised by (lower case, no spaces or underscores), the kind of value and whether the file
    must have it. -#}
{% macro raw_transaction_fields() -%}
    {{ return([
        {'field': 'Invoice', 'aliases': ['invoice', 'invoiceno'], 'kind': 'text', 'required': true},
        {'field': 'StockCode', 'aliases': ['stockcode'], 'kind': 'text', 'required': true},
        {'field': 'Description', 'aliases': ['description'], 'kind': 'text', 'required': false},
        {'field': 'Quantity', 'aliases': ['quantity'], 'kind': 'number', 'required': true},
        {'field': 'InvoiceDate', 'aliases': ['invoicedate'], 'kind': 'timestamp', 'required': true},
        {'field': 'Price', 'aliases': ['price', 'unitprice'], 'kind': 'number', 'required': true},
        {'field': 'Customer ID', 'aliases': ['customerid'], 'kind': 'number_or_text', 'required': true},
        {'field': 'Country', 'aliases': ['country'], 'kind': 'text', 'required': true},
    ]) }}
{%- endmacro %}
