"""Customer lifetime value: RFM summaries, BTYD models, ML benchmarks and validation.

Models: BG/NBD (Fader, Hardie & Lee 2005a), MBG/NBD (Batislam, Denizel & Filiztekin 2007)
and Gamma-Gamma (Fader, Hardie & Lee 2005b; Fader & Hardie 2013), fitted by maximum
likelihood; gradient-boosted next-period models; holdout validation; per-customer tables.
Time units: days, weeks (7 days) or months (365.25 / 12 = 30.4375 days).
"""

from customer_value.clv._optimize import ConvergenceError
from customer_value.clv._units import DAYS_PER_MONTH, days_per_unit, months_to_units
from customer_value.clv.bgnbd import BetaGeoModel
from customer_value.clv.gamma_gamma import GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.lifetime_value import customer_lifetime_value, expected_purchases_by_month
from customer_value.clv.mbgnbd import ModifiedBetaGeoModel
from customer_value.clv.ml import NextPeriodModel, customer_features
from customer_value.clv.predict import (
    FittedCLVModels,
    clv_parameters,
    customer_value_table,
    fit_clv_models,
    parameter_table,
    population_mean_spend,
    predict_customer_value,
)
from customer_value.clv.summary import calibration_holdout_split, prepare_customer_days, rfm_summary
from customer_value.clv.validation import (
    calibration_plot,
    calibration_plot_table,
    holdout_predictions,
    validate_models,
    validation_metrics,
)

__all__ = [
    "DAYS_PER_MONTH",
    "BetaGeoModel",
    "ConvergenceError",
    "FittedCLVModels",
    "GammaGammaModel",
    "ModifiedBetaGeoModel",
    "NextPeriodModel",
    "NoRepeatCustomersError",
    "calibration_holdout_split",
    "calibration_plot",
    "calibration_plot_table",
    "clv_parameters",
    "customer_features",
    "customer_lifetime_value",
    "customer_value_table",
    "days_per_unit",
    "expected_purchases_by_month",
    "fit_clv_models",
    "holdout_predictions",
    "months_to_units",
    "parameter_table",
    "population_mean_spend",
    "predict_customer_value",
    "prepare_customer_days",
    "rfm_summary",
    "validate_models",
    "validation_metrics",
]
