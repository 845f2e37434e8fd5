"""Rates of the real data's quirks, which the synthetic lines reproduce.

Every rate below was measured with DuckDB on online_retail_II.parquet (1,067,370 lines,
2009-12-01 .. 2011-12-09, /work/shared/data); shares are of all lines unless said otherwise.
"""

from __future__ import annotations

#: Lines without Customer ID: 243,007 / 1,067,370. They come in invoices of their own.
NO_CUSTOMER_LINE_SHARE = 0.2277
#: Lines per invoice without customer: mean 29.0 but median 1 (8,361 invoices): a mixture of
#: small invoices and large "dotcom" ones, drawn here as 66 % of mean 1.5 and 34 % of mean 82.
NO_CUSTOMER_SMALL_INVOICE_SHARE = 0.66
NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES = 1.5
NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES = 82.0
#: Lines per purchase invoice of a customer: mean 21.8, median 15, 10th/90th percentiles 2/49.
LINES_PER_INVOICE = 21.8
#: Cancellation lines (Invoice starting with C): 19,494 / 1,067,370.
CANCELLATION_LINE_SHARE = 0.0183
#: Lines per cancellation invoice: 19,494 lines / 8,292 C invoices.
LINES_PER_CANCELLATION = 2.35
#: Cancellation lines of a customer whose stock code the customer had not bought earlier in
#: the data (the purchase predates the data): 2,069 / 18,744.
CANCELLATION_PREDATES_SHARE = 0.110
#: Matched cancellation lines that cancel the whole purchased quantity (the rest cancel part
#: of it): 30.1 % (17,260 lines matched on customer and stock code).
CANCELLATION_FULL_SHARE = 0.301
#: Cancellations made on the day of the purchase, and the median delay of the others (days).
CANCELLATION_SAME_DAY_SHARE = 0.15
CANCELLATION_MEDIAN_DELAY_DAYS = 14.0
#: Negative quantities outside C invoices, no customer, price 0 (damages, stock checks):
#: 3,457 lines, quantity median -26, 78 % with no Description (2,689).
ADJUSTMENT_LINE_SHARE = 0.00324
ADJUSTMENT_MEDIAN_QUANTITY = 26.0
ADJUSTMENT_NULL_DESCRIPTION_SHARE = 0.78
ADJUSTMENT_DESCRIPTIONS = (
    "check",
    "damages",
    "?",
    "damaged",
    "missing",
    "sold as set on dotcom",
    "Damaged",
    "thrown away",
    "Unsaleable, destroyed.",
    "smashed",
)
#: "A" invoices: bad-debt adjustments, stock code B, negative price, no customer: 6 lines
#: (prices -53,594.36 .. -11,062.06). At least one is written in every file.
BAD_DEBT_LINE_SHARE = 5.6e-6
#: Exact duplicate lines beyond the first copy: 11,491 / 1,022,324 outside 2010-12-01..09,
#: the days both sheets of the workbook contain (those days are not duplicated here).
DUPLICATE_LINE_SHARE = 0.0112
#: Purchase lines with price 0 and positive quantity: 2,745 lines, 2,674 without customer.
ZERO_PRICE_LINE_SHARE = 0.00257
#: Stock codes with a letter suffix (85123A): 12.1 % of lines, 31 % of the 5,305 codes.
LETTER_SUFFIX_CODE_SHARE = 0.31
LETTER_SUFFIX_LINE_SHARE = 0.121
#: Lines with |Quantity| > 10,000: 11 lines, among them two purchases cancelled within
#: minutes (80,995 and 74,215). Here they come as purchase + cancellation pairs, at least one
#: pair per file.
EXTREME_QUANTITY_PAIR_SHARE = 2.0e-6
#: Customers seen with more than one country: 13 / 5,942.
SECOND_COUNTRY_CUSTOMER_SHARE = 0.0022
#: Unit price of product lines: median 2.10, 90th percentile 7.62 (lognormal sigma ~1).
PRICE_MEDIAN = 2.10
PRICE_SIGMA = 1.0
#: Prices on invoices without customer are higher (median 3.36 against 2.10).
NO_CUSTOMER_PRICE_FACTOR = 1.6
#: Descriptions with a leading or trailing space: 213,035 lines.
PADDED_DESCRIPTION_SHARE = 0.20
#: Lines per hour of day, 6:00 .. 20:00 (line counts).
HOUR_WEIGHTS = {
    6: 41, 7: 1127, 8: 15985, 9: 68324, 10: 93248, 11: 121780, 12: 159845, 13: 150308,
    14: 141513, 15: 135309, 16: 94055, 17: 57549, 18: 16991, 19: 9089, 20: 2205,
}  # fmt: skip
#: Customers per country (distinct Customer ID and Country pairs).
CUSTOMER_COUNTRY_COUNTS = {
    "United Kingdom": 5410, "Germany": 107, "France": 95, "Spain": 41, "Belgium": 29,
    "Portugal": 24, "Netherlands": 23, "Switzerland": 22, "Sweden": 19, "Italy": 17,
    "Finland": 15, "Australia": 15, "Channel Islands": 14, "Norway": 13, "Austria": 13,
    "Denmark": 12, "Cyprus": 11, "Japan": 10, "USA": 9, "Unspecified": 7, "Poland": 6,
    "Greece": 5, "EIRE": 5, "Canada": 5, "Israel": 4, "United Arab Emirates": 4, "Bahrain": 2,
    "Korea": 2, "Brazil": 2, "Malta": 2, "RSA": 2, "Saudi Arabia": 1, "Thailand": 1,
    "West Indies": 1, "Nigeria": 1, "Singapore": 1, "Lithuania": 1, "Iceland": 1,
    "Lebanon": 1, "European Community": 1, "Czech Republic": 1,
}  # fmt: skip
#: Share of invoices without customer that are not from the United Kingdom.
NO_CUSTOMER_FOREIGN_SHARE = 0.04
#: Non-product stock codes: (code, description, line share, where, price median, price sigma,
#: quantity). "where" is the host: "foreign" purchase invoices of non-UK customers,
#: "customer" purchase invoices, "anonymous" invoices without customer, "cancel" a C invoice
#: of a customer, "anonymous_cancel" a C invoice of its own without customer.
#: Line counts measured: POST 2,121, DOT 1,446, M 1,421, C2 282, D 177, BANK CHARGES 102,
#: AMAZONFEE 43, gift vouchers 100, TEST001/TEST002 17.
NON_PRODUCT_CODES = (
    ("POST", "POSTAGE", 2121 / 1067370, "foreign", 28.0, 0.35, 2),
    ("DOT", "DOTCOM POSTAGE", 1446 / 1067370, "anonymous", 150.0, 0.9, 1),
    ("M", "Manual", 1421 / 1067370, "customer", 4.0, 2.0, 1),
    ("C2", "CARRIAGE", 282 / 1067370, "foreign", 50.0, 0.0, 1),
    ("D", "Discount", 177 / 1067370, "cancel", 20.0, 1.2, -1),
    ("BANK CHARGES", "Bank Charges", 102 / 1067370, "customer", 15.0, 0.0, 1),
    ("AMAZONFEE", "AMAZON FEE", 43 / 1067370, "anonymous_cancel", 5000.0, 0.8, -1),
    ("gift_0001_10", "Dotcomgiftshop Gift Voucher £10.00", 16 / 1067370, "anonymous", 8.5, 0, 1),
    ("gift_0001_20", "Dotcomgiftshop Gift Voucher £20.00", 29 / 1067370, "anonymous", 17.0, 0, 1),
    ("gift_0001_30", "Dotcomgiftshop Gift Voucher £30.00", 29 / 1067370, "anonymous", 25.5, 0, 1),
    ("gift_0001_40", "Dotcomgiftshop Gift Voucher £40.00", 7 / 1067370, "anonymous", 34.0, 0, 1),
    ("gift_0001_50", "Dotcomgiftshop Gift Voucher £50.00", 8 / 1067370, "anonymous", 42.5, 0, 1),
    ("TEST001", "This is a test product.", 15 / 1067370, "customer", 4.5, 0.0, 1),
    ("TEST002", "This is a test product.", 2 / 1067370, "customer", 1.0, 0.0, 1),
)
#: Lines drawn per wanted line of a customer's invoice, to make up for the lines whose
#: quantity rounds to 0 and are dropped (calibrated on simulated data).
DRAWN_LINES_FACTOR = 1.3
#: Products in the synthetic catalogue (the real file has 5,305 stock codes over two years),
#: and "discontinued" ones that only appear in cancellations of purchases older than the data.
N_PRODUCTS = 4000
N_DISCONTINUED = 120
#: The real file's first invoice number.
FIRST_INVOICE_NUMBER = 489434
