"""Customer lifetime value: RFM summaries, BTYD models, ML benchmarks and validation.

Models: BG/NBD (Fader, Hardie & Lee 2005a), MBG/NBD (Batislam, Denizel & Filiztekin 2007),
Pareto/NBD (Schmittlein, Morrison & Colombo 1987) and Gamma-Gamma (Fader, Hardie & Lee 2005b;
Fader & Hardie 2013), fitted by maximum likelihood; left-truncated history; predictive
intervals; a seasonal calendar index; gradient-boosted next-period models; holdout
validation with the winner per metric; per-customer tables.
Time units: days, weeks (7 days) or months (365.25 / 12 = 30.4375 days).
"""

from customer_value.clv._optimize import ConvergenceError
from customer_value.clv._units import DAYS_PER_MONTH, days_per_unit, months_to_units
from customer_value.clv.bgnbd import BetaGeoModel
from customer_value.clv.fitting import FittedCLVModels, fit_clv_models, population_mean_spend
from customer_value.clv.gamma_gamma import GammaGammaModel, NoRepeatCustomersError
from customer_value.clv.history import detect_left_truncation, left_censor
from customer_value.clv.holdout_metrics import (
    calibration_plot_table,
    metric_winners,
    validation_metrics,
)
from customer_value.clv.intervals import predictive_intervals
from customer_value.clv.lifetime_value import customer_lifetime_value, expected_purchases_by_month
from customer_value.clv.mbgnbd import ModifiedBetaGeoModel
from customer_value.clv.ml import NextPeriodModel, customer_features
from customer_value.clv.pareto_nbd import ParetoNBDModel
from customer_value.clv.predict import (
    clv_parameters,
    customer_value_table,
    observation_fits,
    parameter_table,
    predict_customer_value,
)
from customer_value.clv.selection import choose_clv_model
from customer_value.clv.summary import calibration_holdout_split, prepare_customer_days, rfm_summary
from customer_value.clv.validation import (
    as_of_calibration_end,
    calibration_fits,
    calibration_plot,
    holdout_predictions,
    validate_models,
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
    "ParetoNBDModel",
    "as_of_calibration_end",
    "calibration_fits",
    "calibration_holdout_split",
    "calibration_plot",
    "calibration_plot_table",
    "choose_clv_model",
    "clv_parameters",
    "customer_features",
    "customer_lifetime_value",
    "customer_value_table",
    "days_per_unit",
    "detect_left_truncation",
    "expected_purchases_by_month",
    "fit_clv_models",
    "holdout_predictions",
    "left_censor",
    "metric_winners",
    "months_to_units",
    "observation_fits",
    "parameter_table",
    "population_mean_spend",
    "predict_customer_value",
    "predictive_intervals",
    "prepare_customer_days",
    "rfm_summary",
    "validate_models",
    "validation_metrics",
]
