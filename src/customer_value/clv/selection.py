"""Which purchase model customer_lifetime_value uses: the rule, applied to the holdout table.

Rule ("auto"): among the stationary probabilistic models (``<model>_gamma_gamma``, the ones that
give P(alive) and a month-by-month purchase path for discounted CLV), the one with the lowest
holdout ``spend_mae`` (mean absolute error of each customer's holdout spend: the error a budget
built customer by customer carries); ties and a validation without any finite value go to
BG/NBD. A named model (var ``clv_model``) overrides the rule.
"""

from __future__ import annotations

import pandas as pd

from customer_value.clv.fitting import PURCHASE_MODELS

SELECTION_METRIC = "spend_mae"
SELECTION_RULE = (
    "lowest holdout spend_mae among bgnbd, mbgnbd and pareto_nbd (+ Gamma-Gamma); ties and an "
    "undefined validation go to bgnbd"
)
DEFAULT_MODEL = "bgnbd"


def choose_clv_model(validation: pd.DataFrame, requested: str = "auto") -> str:
    """The purchase model name ("bgnbd", "mbgnbd" or "pareto_nbd") by the module's rule.

    ``validation`` is the long ``model, metric, value`` table of
    :func:`customer_value.clv.validation_metrics`.
    """
    if requested != "auto":
        if requested not in PURCHASE_MODELS:
            raise ValueError(
                f"clv_model must be 'auto' or one of {list(PURCHASE_MODELS)}; got {requested!r}"
            )
        return requested
    for column in ("model", "metric", "value"):
        if column not in validation.columns:
            raise ValueError(f"validation is missing column {column!r}")
    rows = validation.loc[validation["metric"] == SELECTION_METRIC].set_index("model")["value"]
    candidates = {name: rows.get(f"{name}_gamma_gamma") for name in PURCHASE_MODELS}
    scores = pd.Series(candidates, dtype=float).dropna()
    if scores.empty:
        return DEFAULT_MODEL
    best = scores.min()
    return next(name for name in PURCHASE_MODELS if scores.get(name) == best)
