"""Fitted CLV models as a table, and back: each window is fitted once and shared.

The warehouse fits every probabilistic model once per window (the whole observed window, and the
calibration window of the holdout validation) in one dbt Python model per window, which stores
the fits with :func:`fits_table`; the models that predict from them (parameter table,
per-customer predictions, holdout predictions) rebuild the fitted models with
:func:`restore_models` instead of fitting again. Everything a prediction reads from a fitted
model is stored: the parameters, their covariance (the intervals draw from it), the
log-likelihood, the customers fitted and the optimiser's outcome. Values are float64 and DuckDB
DOUBLE holds them exactly, so restored models predict exactly what the fitted ones did.
"""

from __future__ import annotations

import pandas as pd

from customer_value.clv.gamma_gamma import GammaGammaModel

#: One row per model, parameter and paired parameter (the covariance matrix in long form).
FIT_COLUMNS = (
    "model_name",
    "parameter_name",
    "paired_parameter_name",
    "estimate",
    "std_error",
    "covariance",
    "log_likelihood",
    "customers_fitted",
    "converged",
    "n_iter",
    "optimizer_message",
    "penalizer",
    "time_unit",
    "fitted_through",
)
GAMMA_GAMMA = "gamma_gamma"


def fits_table(fitted) -> pd.DataFrame:
    """Every fitted model of a :class:`~customer_value.clv.FittedCLVModels` as rows of
    :data:`FIT_COLUMNS` (purchase models in the time unit of the fit, Gamma-Gamma in currency
    with ``time_unit`` None); models that were not fitted have no rows."""
    models = [(name, model, fitted.time_unit) for name, model in fitted.purchase_models.items()]
    if fitted.gamma_gamma is not None:
        models.append((GAMMA_GAMMA, fitted.gamma_gamma, None))
    rows = []
    for name, model, time_unit in models:
        for parameter in model.params_.index:
            for paired in model.params_.index:
                rows.append(
                    {
                        "model_name": name,
                        "parameter_name": parameter,
                        "paired_parameter_name": paired,
                        "estimate": float(model.params_[parameter]),
                        "std_error": float(model.std_errors_[parameter]),
                        "covariance": float(model.covariance_.loc[parameter, paired]),
                        "log_likelihood": float(model.log_likelihood_),
                        "customers_fitted": int(model.n_customers_),
                        "converged": bool(model.converged_),
                        "n_iter": int(model.n_iter_),
                        "optimizer_message": str(model.optimizer_message_),
                        "penalizer": float(model.penalizer),
                        "time_unit": time_unit,
                        "fitted_through": fitted.observation_end.date(),
                    }
                )
    return pd.DataFrame(rows, columns=list(FIT_COLUMNS))


def restore_models(
    fits: pd.DataFrame, purchase_classes: dict, fit_summary: pd.DataFrame, window_end
) -> tuple[dict, GammaGammaModel | None]:
    """The fitted models of one window from its :func:`fits_table` rows.

    Parameters
    ----------
    fits : pandas.DataFrame
        Rows of :data:`FIT_COLUMNS` for one window.
    purchase_classes : dict
        Purchase model classes by name (``customer_value.clv.fitting.PURCHASE_MODELS``); the
        models are returned in this order.
    fit_summary : pandas.DataFrame
        The window's summary the models were fitted on (their default data).
    window_end : pandas.Timestamp
        The window's last day; the rows must have been fitted through it.

    Returns
    -------
    (dict, GammaGammaModel or None)
        Purchase models by name, and Gamma-Gamma (None when it was not fitted).

    Raises
    ------
    ValueError
        When a column is missing, the rows were fitted through another day or name an unknown
        model. (No rows: no model could be fitted on the window.)
    """
    missing = [column for column in FIT_COLUMNS if column not in fits.columns]
    if missing:
        raise ValueError(f"fits is missing column(s): {', '.join(map(repr, missing))}")
    through = set(pd.to_datetime(fits["fitted_through"]).dt.date)
    if through - {pd.Timestamp(window_end).date()}:
        raise ValueError(
            f"fits were fitted through {', '.join(map(str, sorted(through)))}, not through this "
            f"window's end "
            f"{pd.Timestamp(window_end).date()}: rebuild the fits model of this window"
        )
    unknown = sorted(set(fits["model_name"]) - set(purchase_classes) - {GAMMA_GAMMA})
    if unknown:
        raise ValueError(f"fits name unknown model(s) {unknown}")
    purchase_models = {
        name: _restore(cls(), fits.loc[fits["model_name"] == name], fit_summary)
        for name, cls in purchase_classes.items()
        if (fits["model_name"] == name).any()
    }
    rows = fits.loc[fits["model_name"] == GAMMA_GAMMA]
    gamma_gamma = _restore(GammaGammaModel(), rows, fit_summary) if len(rows) else None
    return purchase_models, gamma_gamma


def _restore(model, rows: pd.DataFrame, data: pd.DataFrame):
    """Set a fitted model's state from its rows (in fitting order)."""
    names = list(dict.fromkeys(rows["parameter_name"]))
    first = rows.drop_duplicates("parameter_name").set_index("parameter_name").loc[names]
    covariance = rows.pivot(
        index="parameter_name", columns="paired_parameter_name", values="covariance"
    ).loc[names, names]
    covariance.index.name = covariance.columns.name = None
    model.penalizer = float(first["penalizer"].iloc[0])
    model.params_ = pd.Series(first["estimate"].to_numpy(float), index=names, dtype=float)
    model.std_errors_ = pd.Series(first["std_error"].to_numpy(float), index=names, dtype=float)
    model.covariance_ = covariance.astype(float)
    model.log_likelihood_ = float(first["log_likelihood"].iloc[0])
    model.converged_ = bool(first["converged"].iloc[0])
    model.n_iter_ = int(first["n_iter"].iloc[0])
    model.optimizer_message_ = str(first["optimizer_message"].iloc[0])
    model.n_customers_ = int(first["customers_fitted"].iloc[0])
    time_unit = first["time_unit"].iloc[0]
    if isinstance(time_unit, str):
        model.time_unit = model.time_unit_ = time_unit
    model.data_ = data
    return model
