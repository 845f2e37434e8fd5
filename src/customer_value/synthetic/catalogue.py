"""The synthetic product catalogue: stock codes, descriptions, prices and popularity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from customer_value.synthetic.measured_rates import (
    LETTER_SUFFIX_CODE_SHARE,
    LETTER_SUFFIX_LINE_SHARE,
    N_DISCONTINUED,
    N_PRODUCTS,
    NON_PRODUCT_CODES,
    PADDED_DESCRIPTION_SHARE,
    PRICE_MEDIAN,
    PRICE_SIGMA,
)

_WORDS_ADJ = (
    "VINTAGE", "RETRO", "SMALL", "LARGE", "MINI", "JUMBO", "GLASS", "CERAMIC", "WOODEN",
    "ENAMEL", "PAPER", "HANGING", "SET OF 3", "SET/6", "PACK OF 12", "ANTIQUE", "FAIRY",
    "REGENCY", "SWEETHEART", "PARTY", "CHRISTMAS", "EASTER", "SPOTTY", "STRIPED", "FLORAL",
)  # fmt: skip
_WORDS_COLOUR = (
    "RED", "PINK", "BLUE", "GREEN", "WHITE", "IVORY", "CREAM", "BLACK", "SILVER", "GOLD",
    "PASTEL", "LIGHT BLUE", "RETROSPOT", "STRAWBERRY", "ROSE", "HEART", "STAR", "BIRD",
    "OWL", "PAISLEY", "POLKADOT", "SKULL", "CHERRY", "LOVE",
)  # fmt: skip
_WORDS_NOUN = (
    "MUG", "TEA CUP AND SAUCER", "LANTERN", "T-LIGHT HOLDER", "CAKE TIN", "LUNCH BAG",
    "JUMBO BAG", "BUNTING", "DOORMAT", "CUSHION COVER", "PHOTO FRAME", "NOTEBOOK",
    "STORAGE JAR", "TRINKET BOX", "WALL CLOCK", "HOT WATER BOTTLE", "CAKE STAND",
    "PAPER CUPS", "PAPER PLATES", "NAPKINS", "GIFT WRAP", "CANDLE", "BELL", "HEART DECORATION",
    "CHALKBOARD", "TISSUES", "CHARLOTTE BAG", "BAKING SET", "PLASTERS IN TIN", "ALARM CLOCK",
)  # fmt: skip


@dataclass(frozen=True)
class Catalogue:
    """Synthetic products, then discontinued products, then the non-product codes."""

    codes: np.ndarray  # str, all codes
    descriptions: np.ndarray  # str, one per code
    prices: np.ndarray  # float, catalogue price per code (non-product codes: median price)
    cumulative_popularity: np.ndarray  # over the N_PRODUCTS products

    @property
    def first_special(self) -> int:
        return N_PRODUCTS + N_DISCONTINUED


def nice_prices(raw: np.ndarray) -> np.ndarray:
    """Round prices like a shop does: to 5 pence below 10 pounds, to 50 pence above."""
    small = np.maximum(np.round(raw / 0.05) * 0.05, 0.05)
    large = np.round(raw / 0.5) * 0.5
    return np.round(np.where(raw < 10.0, small, large), 2)


def make_catalogue(seed: int) -> Catalogue:
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 2**31 - 1, 7]))
    n = N_PRODUCTS + N_DISCONTINUED
    numbers = rng.choice(np.arange(10002, 90000), size=n, replace=False)
    suffixed = rng.random(n) < LETTER_SUFFIX_CODE_SHARE
    letters = np.array(list("AABBBCCDDEFGHJKLMNPSW"))[rng.integers(0, 21, size=n)]
    codes = np.where(suffixed, np.char.add(numbers.astype(str), letters), numbers.astype(str))
    words = (
        np.array(_WORDS_ADJ)[rng.integers(0, len(_WORDS_ADJ), size=n)],
        np.array(_WORDS_COLOUR)[rng.integers(0, len(_WORDS_COLOUR), size=n)],
        np.array(_WORDS_NOUN)[rng.integers(0, len(_WORDS_NOUN), size=n)],
    )
    descriptions = np.char.add(np.char.add(np.char.add(words[0], " "), words[1]), " ")
    descriptions = np.char.add(descriptions, words[2])
    padded = rng.random(n) < PADDED_DESCRIPTION_SHARE
    lead = rng.random(n) < 0.3
    descriptions = np.where(
        padded,
        np.where(lead, np.char.add(" ", descriptions), np.char.add(descriptions, " ")),
        descriptions,
    )
    prices = nice_prices(PRICE_MEDIAN * np.exp(PRICE_SIGMA * rng.standard_normal(n)))
    # Popularity: lognormal weights; suffixed variants are sold less, so that they make
    # LETTER_SUFFIX_LINE_SHARE of the lines while being LETTER_SUFFIX_CODE_SHARE of the codes.
    weight = np.exp(1.2 * rng.standard_normal(N_PRODUCTS))
    share_codes, share_lines = LETTER_SUFFIX_CODE_SHARE, LETTER_SUFFIX_LINE_SHARE
    damp = (share_lines / (1 - share_lines)) / (share_codes / (1 - share_codes))
    weight = np.where(suffixed[:N_PRODUCTS], weight * damp, weight)
    special = NON_PRODUCT_CODES
    codes = np.concatenate([codes, [s[0] for s in special], ["B"]]).astype(object)
    descriptions = np.concatenate(
        [descriptions, [s[1] for s in special], ["Adjust bad debt"]]
    ).astype(object)
    prices = np.concatenate([prices, [s[4] for s in special], [0.0]])
    return Catalogue(codes, descriptions, prices, np.cumsum(weight) / weight.sum())
