"""BG/NBD model: Fader, Hardie & Lee (2005a), "Counting your customers the easy way: an
alternative to the Pareto/NBD model", Marketing Science 24(2), 275-284."""

from __future__ import annotations

from customer_value.clv._beta_geometric import BetaGeometricFamily


class BetaGeoModel(BetaGeometricFamily):
    """Beta-geometric/NBD model of repeat purchasing (FHL 2005a).

    While active, a customer's repeat purchases follow a Poisson process with rate
    ``lambda ~ Gamma(shape=r, rate=alpha)``; after each repeat purchase they become inactive
    with probability ``p ~ Beta(a, b)``. The individual log-likelihood is FHL 2005a eq. 6,
    computed with ``gammaln``/``betaln``/``logaddexp`` on unique (frequency, recency, T)
    rows; the gradient is analytic (digamma).

    Parameters
    ----------
    penalizer : float, default 0
        L2 penalty on log r, log a and log b (shapes only; alpha, in the time unit, is not
        penalised) added to the mean negative log-likelihood.
    time_unit : str, optional
        Unit of recency and T ("days", "weeks", "months"); taken from
        ``data.attrs["time_unit"]`` (set by :func:`rfm_summary`) when omitted. Needed only
        for :func:`customer_value.clv.customer_lifetime_value`.
    maxiter : int, default 1000
        Maximum optimiser iterations.
    on_failure : {"raise", "warn"}, default "raise"
        Raise :class:`~customer_value.clv.ConvergenceError` (a ``ValueError``) or warn when
        the fit does not converge.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha`` (in the time unit), ``a``, ``b``.
    std_errors_ : pandas.Series
        From the inverse numeric Hessian of the negative log-likelihood (natural scale).
    covariance_ : pandas.DataFrame
    log_likelihood_ : float
        Total (unpenalised) log-likelihood at the optimum.
    converged_, n_iter_, optimizer_message_, n_customers_, time_unit_
    """

    _k = 0
    _name = "BG/NBD"
