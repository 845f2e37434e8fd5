"""The invoices and lines of one block of synthetic customers, with the real data's quirks."""

from __future__ import annotations

import numpy as np

from customer_value.synthetic.catalogue import Catalogue, nice_prices
from customer_value.synthetic.measured_rates import (
    ADJUSTMENT_DESCRIPTIONS,
    ADJUSTMENT_LINE_SHARE,
    ADJUSTMENT_MEDIAN_QUANTITY,
    ADJUSTMENT_NULL_DESCRIPTION_SHARE,
    BAD_DEBT_LINE_SHARE,
    CANCELLATION_FULL_SHARE,
    CANCELLATION_LINE_SHARE,
    CANCELLATION_MEDIAN_DELAY_DAYS,
    CANCELLATION_PREDATES_SHARE,
    CANCELLATION_SAME_DAY_SHARE,
    CUSTOMER_COUNTRY_COUNTS,
    DRAWN_LINES_FACTOR,
    DUPLICATE_LINE_SHARE,
    EXTREME_QUANTITY_PAIR_SHARE,
    HOUR_WEIGHTS,
    LINES_PER_CANCELLATION,
    N_DISCONTINUED,
    N_PRODUCTS,
    NO_CUSTOMER_FOREIGN_SHARE,
    NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES,
    NO_CUSTOMER_LINE_SHARE,
    NO_CUSTOMER_PRICE_FACTOR,
    NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES,
    NO_CUSTOMER_SMALL_INVOICE_SHARE,
    NON_PRODUCT_CODES,
    SECOND_COUNTRY_CUSTOMER_SHARE,
    ZERO_PRICE_LINE_SHARE,
)
from customer_value.synthetic.purchases import (
    FIRST_CUSTOMER_ID,
    TrueParameters,
    block_rng,
    simulate_block,
)


def _segment_ids(counts: np.ndarray) -> np.ndarray:
    """Return ``repeat(arange(len(counts)), counts)``."""
    return np.repeat(np.arange(counts.size, dtype=np.int64), counts)


def _rank_within(group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal ``group`` values (sorted groups)."""
    starts = np.cumsum(counts) - counts
    return np.arange(group.size, dtype=np.int64) - np.repeat(starts, counts)


def _draw_minutes_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    hours = np.array(list(HOUR_WEIGHTS))
    weights = np.array(list(HOUR_WEIGHTS.values()), dtype=float)
    hour = rng.choice(hours, size=n, p=weights / weights.sum())
    return hour * 60 + rng.integers(0, 60, size=n)


def _negative_binomial(rng: np.random.Generator, mean: np.ndarray, shape: float) -> np.ndarray:
    """Negative binomial counts with the given means (gamma-Poisson mixture)."""
    mean = np.asarray(mean, dtype=float)
    return rng.poisson(rng.gamma(shape, 1.0, size=mean.shape) * mean / shape)


class _Lines:
    """Column buffers of the lines of one block, filled part by part."""

    def __init__(self) -> None:
        self.parts: list[dict] = []

    def add(self, **columns) -> None:
        n = len(columns["invoice"])
        columns.setdefault("description", None)
        for name, value in list(columns.items()):
            if value is None or np.ndim(value) == 0:
                fill = -2 if name == "description" and value is None else value
                columns[name] = np.full(n, fill)
        self.parts.append(columns)

    def concat(self) -> dict:
        names = self.parts[0].keys()
        return {name: np.concatenate([part[name] for part in self.parts]) for name in names}


COUNTRIES = np.array(list(CUSTOMER_COUNTRY_COUNTS), dtype=object)
_COUNTRY_P = np.array(list(CUSTOMER_COUNTRY_COUNTS.values()), dtype=float)
_COUNTRY_P /= _COUNTRY_P.sum()
_UK = 0  # index of "United Kingdom" in COUNTRIES


def _draw_products(
    rng: np.random.Generator, catalogue: Catalogue, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``counts[i]`` products for invoice ``i`` by popularity, at most once per invoice.

    Returns the invoice and product index of every line, lines of an invoice in random order.
    """
    invoice = _segment_ids(counts)
    product = np.searchsorted(catalogue.cumulative_popularity, rng.random(invoice.size))
    product = np.minimum(product, N_PRODUCTS - 1)
    key = np.unique(invoice * N_PRODUCTS + product)
    invoice, product = key // N_PRODUCTS, key % N_PRODUCTS
    order = np.lexsort((rng.random(invoice.size), invoice))
    return invoice[order], product[order]


def _later_minutes(
    rng: np.random.Generator, minute: np.ndarray, n_days: int, same_day_share: float
) -> np.ndarray:
    """Times of cancellations made after purchases at ``minute`` (minutes from the start)."""
    day = minute // 1440
    delay = np.ceil(CANCELLATION_MEDIAN_DELAY_DAYS * np.exp(1.2 * rng.standard_normal(day.size)))
    later_day = day + delay.astype(np.int64)
    same_day = (rng.random(day.size) < same_day_share) | (later_day >= n_days)
    same = np.minimum(minute + rng.integers(5, 240, size=day.size), day * 1440 + 1439)
    other = later_day * 1440 + _draw_minutes_of_day(rng, day.size)
    return np.where(same_day, same, other)


def block_transactions(
    block: int,
    n: int,
    block_start: int,
    params: TrueParameters,
    n_days: int,
    acquisition_spread: float,
    lines_per_invoice: float,
    seed: int,
    catalogue: Catalogue,
) -> tuple[dict, dict]:
    """Invoices and lines of one block of customers, with the quirks.

    Returns two dicts of equal-length arrays: invoices (``minute``, ``kind`` 0 purchase /
    1 cancellation / 2 bad-debt adjustment, ``customer`` as float with NaN for none,
    ``country`` index) and lines (``invoice`` index, ``code`` index into the catalogue,
    ``description`` -2 catalogue / -1 null / >= 0 index into ADJUSTMENT_DESCRIPTIONS,
    ``quantity``, ``price``).
    """
    customer, day, spend, _ = simulate_block(
        n, params, n_days, acquisition_spread, block_rng(seed, block, 0)
    )
    rng = block_rng(seed, block, 1)
    n_countries = COUNTRIES.size
    inv_minute, inv_kind, inv_customer, inv_country = [], [], [], []

    def new_invoices(minute, kind, cust, country) -> np.ndarray:
        first = sum(part.size for part in inv_minute)
        inv_minute.append(np.asarray(minute, dtype=np.int64))
        size = inv_minute[-1].size
        inv_kind.append(np.broadcast_to(np.int8(kind), size).copy())
        inv_customer.append(np.broadcast_to(np.asarray(cust, dtype=float), size).copy())
        inv_country.append(np.broadcast_to(np.asarray(country, dtype=np.int64), size).copy())
        return np.arange(first, first + size, dtype=np.int64)

    lines = _Lines()

    # Customers: one country, a few move to a second one from some day on.
    home = rng.choice(n_countries, size=n, p=_COUNTRY_P)
    other = (home + rng.integers(1, n_countries, size=n)) % n_countries
    moves = rng.random(n) < SECOND_COUNTRY_CUSTOMER_SHARE
    move_day = rng.integers(0, n_days, size=n)
    country = np.where(
        moves[customer] & (day >= move_day[customer]), other[customer], home[customer]
    )
    cust_id = (block_start + customer + FIRST_CUSTOMER_ID).astype(float)
    purchase_minute = day * 1440 + _draw_minutes_of_day(rng, day.size)
    purchase = new_invoices(purchase_minute, 0, cust_id, country)

    # Purchase lines: more lines for bigger spends; products at most once per invoice. The
    # day's spend is split over the lines with Dirichlet-like weights and turned into whole
    # quantities by unbiased random rounding, so the expected total is the spend; lines rounded
    # to nothing are dropped (hence more lines drawn than wanted), except the last line of the
    # invoice, which keeps at least 1.
    size_factor = np.sqrt(spend) / np.sqrt(spend).mean()
    drawn_mean = (lines_per_invoice - 1.0) * DRAWN_LINES_FACTOR
    wanted = 1 + _negative_binomial(rng, drawn_mean * size_factor, 1.3)
    line_inv, product = _draw_products(rng, catalogue, np.minimum(wanted, 900))
    n_drawn = np.bincount(line_inv, minlength=purchase.size)
    weight = rng.gamma(0.6, 1.0, size=line_inv.size)
    share = weight / np.bincount(line_inv, weights=weight, minlength=purchase.size)[line_inv]
    price = catalogue.prices[product]
    quantity = np.floor(spend[line_inv] * share / price + rng.random(line_inv.size))
    quantity = quantity.astype(np.int64)
    last = _rank_within(line_inv, n_drawn) == n_drawn[line_inv] - 1
    quantity = np.where(last, np.maximum(quantity, 1), quantity)
    keep = quantity > 0
    line_inv, product, price, quantity = line_inv[keep], product[keep], price[keep], quantity[keep]
    n_lines = np.bincount(line_inv, minlength=purchase.size)
    rank = _rank_within(line_inv, n_lines)
    other_quirks = CANCELLATION_LINE_SHARE + ADJUSTMENT_LINE_SHARE + DUPLICATE_LINE_SHARE
    est_total = line_inv.size / (1.0 - NO_CUSTOMER_LINE_SHARE - other_quirks)

    # Matched cancellations (C invoice later than the purchase, same customer): a partial one
    # cancels an amount that was added to a purchase line; a full one cancels a line added to
    # the invoice for it. Purchases net of matched cancellations thus keep the true spend.
    events = CANCELLATION_LINE_SHARE * est_total / LINES_PER_CANCELLATION / purchase.size
    matched = rng.random(purchase.size) < events * (1.0 - CANCELLATION_PREDATES_SHARE)
    n_cancel = np.where(matched, 1 + rng.poisson(LINES_PER_CANCELLATION - 1, purchase.size), 0)
    n_full = rng.binomial(n_cancel, CANCELLATION_FULL_SHARE)
    n_partial = np.minimum(n_cancel - n_full, n_lines)
    partial = rank < n_partial[line_inv]
    extra = np.where(
        partial,
        np.maximum(np.rint(rng.uniform(0.05, 1.0, line_inv.size) * quantity), 1).astype(np.int64),
        0,
    )
    full_inv, full_product = _draw_products(rng, catalogue, n_full)
    clash = np.isin(full_inv * N_PRODUCTS + full_product, line_inv * N_PRODUCTS + product)
    full_inv, full_product = full_inv[~clash], full_product[~clash]
    full_price = catalogue.prices[full_product]
    typical = spend[full_inv] / np.maximum(n_lines[full_inv], 1)
    full_quantity = np.maximum(
        np.rint(typical * rng.gamma(0.6, 1 / 0.6, full_inv.size) / full_price), 1
    )
    full_quantity = full_quantity.astype(np.int64)
    lines.add(invoice=line_inv, code=product, quantity=quantity + extra, price=price)
    lines.add(invoice=full_inv, code=full_product, quantity=full_quantity, price=full_price)

    cancel_inv = new_invoices(
        _later_minutes(rng, purchase_minute[matched], n_days, CANCELLATION_SAME_DAY_SHARE),
        1,
        cust_id[matched],
        country[matched],
    )
    inv_map = np.full(purchase.size, -1, dtype=np.int64)
    inv_map[purchase[matched]] = cancel_inv
    lines.add(
        invoice=inv_map[np.concatenate([line_inv[partial], full_inv])],
        code=np.concatenate([product[partial], full_product]),
        quantity=-np.concatenate([extra[partial], full_quantity]),
        price=np.concatenate([price[partial], full_price]),
    )
    # A cancellation invoice may have lost all its lines to clashes: it then stays unused.

    # Cancellations of purchases older than the data: discontinued products, never sold here.
    predates = (rng.random(purchase.size) < events * CANCELLATION_PREDATES_SHARE) & ~matched
    old_inv = new_invoices(
        _later_minutes(rng, purchase_minute[predates], n_days, CANCELLATION_SAME_DAY_SHARE),
        1,
        cust_id[predates],
        country[predates],
    )
    old_counts = np.minimum(1 + rng.poisson(LINES_PER_CANCELLATION - 1, old_inv.size), 20)
    old_line_inv = _segment_ids(old_counts)
    start_code = rng.integers(0, N_DISCONTINUED, size=old_inv.size)
    old_code = N_PRODUCTS + (start_code[old_line_inv] + _rank_within(old_line_inv, old_counts)) % (
        N_DISCONTINUED
    )
    lines.add(
        invoice=old_inv[old_line_inv],
        code=old_code,
        quantity=-rng.geometric(0.15, size=old_code.size).astype(np.int64),
        price=catalogue.prices[old_code],
    )
    customer_cancel_inv = np.concatenate([cancel_inv, old_inv])

    # Invoices without customer: mostly single lines, some big "dotcom" orders.
    mean_lines = (
        NO_CUSTOMER_SMALL_INVOICE_SHARE * NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES
        + (1 - NO_CUSTOMER_SMALL_INVOICE_SHARE) * NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES
    )
    n_anon = rng.poisson(NO_CUSTOMER_LINE_SHARE * est_total / mean_lines)
    small = rng.random(n_anon) < NO_CUSTOMER_SMALL_INVOICE_SHARE
    anon_counts = 1 + np.where(
        small,
        rng.poisson(NO_CUSTOMER_SMALL_INVOICE_MEAN_LINES - 1, n_anon),
        _negative_binomial(rng, np.full(n_anon, NO_CUSTOMER_LARGE_INVOICE_MEAN_LINES - 1), 0.8),
    )
    anon_country = np.where(
        rng.random(n_anon) < NO_CUSTOMER_FOREIGN_SHARE,
        rng.choice(n_countries, size=n_anon, p=_COUNTRY_P),
        _UK,
    )
    anon_minute = rng.integers(0, n_days, n_anon) * 1440 + _draw_minutes_of_day(rng, n_anon)
    anon = new_invoices(anon_minute, 0, np.nan, anon_country)
    anon_line_inv, anon_product = _draw_products(rng, catalogue, np.minimum(anon_counts, 2000))
    anon_price = nice_prices(catalogue.prices[anon_product] * NO_CUSTOMER_PRICE_FACTOR)
    zero_share = ZERO_PRICE_LINE_SHARE / NO_CUSTOMER_LINE_SHARE
    anon_price = np.where(rng.random(anon_price.size) < zero_share, 0.0, anon_price)
    lines.add(
        invoice=anon[anon_line_inv],
        code=anon_product,
        quantity=rng.geometric(0.55, size=anon_product.size).astype(np.int64),
        price=anon_price,
    )

    # Negative quantities that are not cancellations: damages, stock checks; no customer.
    n_adjust = rng.poisson(ADJUSTMENT_LINE_SHARE * est_total)
    adjust_minute = rng.integers(0, n_days, n_adjust) * 1440 + _draw_minutes_of_day(rng, n_adjust)
    adjust = new_invoices(adjust_minute, 0, np.nan, _UK)
    description = np.where(
        rng.random(n_adjust) < ADJUSTMENT_NULL_DESCRIPTION_SHARE,
        -1,
        rng.integers(0, len(ADJUSTMENT_DESCRIPTIONS), n_adjust),
    )
    adjust_quantity = np.rint(
        ADJUSTMENT_MEDIAN_QUANTITY * np.exp(1.3 * rng.standard_normal(n_adjust))
    )
    lines.add(
        invoice=adjust,
        code=rng.integers(0, N_PRODUCTS, n_adjust),
        description=description,
        quantity=-np.maximum(adjust_quantity, 1).astype(np.int64),
        price=0.0,
    )

    # Rare quirks; block 0 (in every file) holds at least one of each.
    at_least = 1 if block == 0 else 0
    n_bad = max(rng.poisson(BAD_DEBT_LINE_SHARE * est_total), at_least)
    bad_minute = rng.integers(0, n_days, n_bad) * 1440 + _draw_minutes_of_day(rng, n_bad)
    lines.add(
        invoice=new_invoices(bad_minute, 2, np.nan, _UK),
        code=catalogue.codes.size - 1,
        quantity=1,
        price=-np.round(rng.uniform(10_000, 55_000, n_bad), 2),
    )
    n_extreme = min(
        max(rng.poisson(EXTREME_QUANTITY_PAIR_SHARE * est_total), at_least), purchase.size
    )
    host = rng.choice(purchase.size, size=n_extreme, replace=False)
    cheap = np.flatnonzero(catalogue.prices[:N_PRODUCTS] <= 2.5)
    extreme_code = cheap[rng.integers(0, cheap.size, n_extreme)]
    extreme_quantity = rng.integers(10_000, 81_000, n_extreme)
    extreme_cancel = new_invoices(
        np.minimum(
            purchase_minute[host] + rng.integers(5, 30, n_extreme),
            purchase_minute[host] // 1440 * 1440 + 1439,
        ),
        1,
        cust_id[host],
        country[host],
    )
    for invoice, sign in ((purchase[host], 1), (extreme_cancel, -1)):
        lines.add(
            invoice=invoice,
            code=extreme_code,
            quantity=sign * extreme_quantity,
            price=catalogue.prices[extreme_code],
        )

    # Non-product codes (postage, manual, fees, vouchers, tests) on their usual invoices.
    foreign = purchase[country != _UK]
    for offset, (_, _, share, where, median, sigma, qty) in enumerate(NON_PRODUCT_CODES):
        k = rng.poisson(share * est_total)
        if where == "anonymous_cancel":
            minute = rng.integers(0, n_days, k) * 1440 + _draw_minutes_of_day(rng, k)
            hosts = new_invoices(minute, 1, np.nan, _UK)
        else:
            pool = {
                "foreign": foreign,
                "customer": purchase,
                "anonymous": anon,
                "cancel": customer_cancel_inv,
            }[where]
            hosts = rng.choice(pool, size=min(k, pool.size), replace=False)
        code_price = np.full(hosts.size, median) * np.exp(sigma * rng.standard_normal(hosts.size))
        code_quantity = rng.integers(1, 4, hosts.size) if qty == 2 else np.full(hosts.size, qty)
        lines.add(
            invoice=hosts,
            code=catalogue.first_special + offset,
            quantity=code_quantity.astype(np.int64),
            price=nice_prices(code_price),
        )

    # Exact duplicate lines.
    table = lines.concat()
    n_dup = rng.binomial(table["invoice"].size, DUPLICATE_LINE_SHARE)
    dup = rng.choice(table["invoice"].size, size=n_dup, replace=False)
    table = {name: np.concatenate([values, values[dup]]) for name, values in table.items()}
    invoices = {
        "minute": np.concatenate(inv_minute),
        "kind": np.concatenate(inv_kind),
        "customer": np.concatenate(inv_customer),
        "country": np.concatenate(inv_country),
    }
    return invoices, table
