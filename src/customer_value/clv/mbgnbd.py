"""MBG/NBD model: Batislam, Denizel & Filiztekin (2007), "Empirical validation and
comparison of models for customer base analysis", International Journal of Research in
Marketing 24(3), 201-209."""

from __future__ import annotations

from customer_value.clv._beta_geometric import BetaGeometricFamily


class ModifiedBetaGeoModel(BetaGeometricFamily):
    """Modified beta-geometric/NBD model (Batislam et al. 2007).

    As BG/NBD, but a customer may also become inactive right after the *first* purchase
    (at time 0), so a customer with no repeat purchase has ``P(alive) < 1``; this removes
    BG/NBD's tendency to treat one-time buyers as certainly active. Individual likelihood:

        L = Gamma(r+x) alpha^r / Gamma(r) * [ B(a, b+x+1) / B(a, b) / (alpha+T)^(r+x)
            + B(a+1, b+x) / B(a, b) / (alpha+t_x)^(r+x) ]

    Same parameters, attributes and methods as :class:`BetaGeoModel`.
    """

    _k = 1
    _name = "MBG/NBD"
