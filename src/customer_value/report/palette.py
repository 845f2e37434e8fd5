"""One colour per RFM segment, cluster name, CLV tier and model, used by every chart and table,
so a colour means the same thing wherever it appears."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: RFM segments, best to worst: greens for the best, blues for the new, warm colours for those
#: slipping away, greys for the gone.
SEGMENT_COLOURS: dict[str, str] = {
    "Champions": "#1b7a4f",
    "Loyal Customers": "#4aa36f",
    "Potential Loyalist": "#98c56c",
    "New Customers": "#2f77b8",
    "Promising": "#86b8e0",
    "Need Attention": "#e3b505",
    "About To Sleep": "#f28e2b",
    "At Risk": "#d64541",
    "Can't Lose Them": "#8e1b2f",
    "Hibernating": "#a3a3a3",
    "Lost": "#5c5c5c",
}
SEGMENT_ORDER: list[str] = list(SEGMENT_COLOURS)

#: Cluster base names (customer_value.clustering.naming) and their colours.
CLUSTER_BASE_COLOURS: dict[str, str] = {
    "VIP": "#6a3d9a",
    "Loyal": "#1f77b4",
    "At Risk": "#d62728",
    "New": "#17a2b8",
    "Lapsed": "#8c8c8c",
    "Mass / Mid-value": "#e08a00",
}
#: For names the rules do not know.
FALLBACK_COLOURS = ["#2ca02c", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f", "#17becf"]

TIER_COLOURS: dict[str, str] = {"A": "#0b4f6c", "B": "#2a7fa8", "C": "#74b3d6", "D": "#bcd9ea"}

MODEL_COLOURS: dict[str, str] = {
    "bgnbd_gamma_gamma": "#1f77b4",
    "mbgnbd_gamma_gamma": "#9467bd",
    "pareto_nbd_gamma_gamma": "#2ca02c",
    "bgnbd_gamma_gamma_seasonal": "#6baed6",
    "mbgnbd_gamma_gamma_seasonal": "#c5b0d5",
    "pareto_nbd_gamma_gamma_seasonal": "#98df8a",
    "ml_gradient_boosting": "#e08a00",
    "naive_carry_forward": "#a3a3a3",
}
MODEL_LABELS: dict[str, str] = {
    "bgnbd_gamma_gamma": "BG/NBD + Gamma-Gamma",
    "mbgnbd_gamma_gamma": "MBG/NBD + Gamma-Gamma",
    "pareto_nbd_gamma_gamma": "Pareto/NBD + Gamma-Gamma",
    "bgnbd_gamma_gamma_seasonal": "BG/NBD + GG, seasonal",
    "mbgnbd_gamma_gamma_seasonal": "MBG/NBD + GG, seasonal",
    "pareto_nbd_gamma_gamma_seasonal": "Pareto/NBD + GG, seasonal",
    "ml_gradient_boosting": "Gradient boosting (ML)",
    "naive_carry_forward": "Naive carry-forward",
}
ACTUAL_COLOUR = "#222222"
NEUTRAL = "#9aa5b1"


def segment_colour(segment: str) -> str:
    """The colour of an RFM segment (grey for an unknown name)."""
    return SEGMENT_COLOURS.get(segment, NEUTRAL)


def model_colour(model: str) -> str:
    return MODEL_COLOURS.get(model, NEUTRAL)


def model_label(model: str) -> str:
    return MODEL_LABELS.get(model, model)


def _shade(colour: str, amount: float) -> str:
    """Darken (amount < 0) or lighten (amount > 0) a ``#rrggbb`` colour towards black/white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    mixed = [round(c + (target - c) * abs(amount)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


_SUFFIX = re.compile(r"^(?P<base>.*?) \((?P<suffix>[^)]*)\)$")
_TIER = re.compile(r"spend tier (?P<i>\d+) of (?P<n>\d+)")


def cluster_colours(names: Iterable[str]) -> dict[str, str]:
    """Colours for the cluster names of one run: by base name, shaded by the spend suffix
    ("higher spend" darker, "lower spend" lighter, "spend tier i of n" from dark to light)."""
    colours: dict[str, str] = {}
    fallback = iter(FALLBACK_COLOURS * 3)
    for name in sorted(set(names)):
        match = _SUFFIX.match(name)
        base, suffix = (match["base"], match["suffix"]) if match else (name, "")
        colour = CLUSTER_BASE_COLOURS.get(base) or next(fallback)
        tier = _TIER.fullmatch(suffix)
        if suffix == "higher spend":
            colour = _shade(colour, -0.25)
        elif suffix == "lower spend":
            colour = _shade(colour, 0.35)
        elif tier:
            i, n = int(tier["i"]), int(tier["n"])
            colour = _shade(colour, -0.3 + 0.75 * (i - 1) / max(n - 1, 1))
        if colour in colours.values():
            colour = next(fallback)
        colours[name] = colour
    return colours


def mix(low: str, high: str, share: float) -> str:
    """The colour ``share`` (0-1) of the way from ``low`` to ``high``."""
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))
