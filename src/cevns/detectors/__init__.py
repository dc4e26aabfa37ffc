"""What is seen: the detector response from a nuclear recoil to a count in a reconstructed bin.

    recoil T ─quenching→ E_ee ─energy scale→ observable ─resolution→ reconstructed ─efficiency, threshold→ bin

Each link is a small frozen model in its own module (:mod:`.quenching`, :mod:`.resolution`, :mod:`.efficiency`);
:class:`Response` chains them and :meth:`Response.build` precomputes the response matrix R[bin, T] once on grids.
Importing this package reads no file.
"""

from __future__ import annotations

from .efficiency import (
    EfficiencyModel,
    ExponentialTimingEfficiency,
    SigmoidEfficiency,
    StepEfficiency,
    TabulatedEfficiency,
    TimeWindow,
)
from .quenching import (
    ConstantQuenching,
    Lindhard,
    PolynomialQuenching,
    QuenchingModel,
    ScaledQuenching,
    TabulatedQuenching,
    argon_coherent_2020,
    csi_coherent_2017,
    csi_coherent_2021,
    lindhard_for,
)
from .resolution import (
    GammaResolution,
    GaussianResolution,
    PoissonResolution,
    ResolutionModel,
    SmearingMatrix,
    perfect_bin_probabilities,
)
from .response import EnergyScale, Response, ResponseMatrix

__all__ = [
    # quenching
    "QuenchingModel",
    "Lindhard",
    "ConstantQuenching",
    "PolynomialQuenching",
    "TabulatedQuenching",
    "ScaledQuenching",
    "lindhard_for",
    "csi_coherent_2017",
    "csi_coherent_2021",
    "argon_coherent_2020",
    # energy scale and resolution
    "EnergyScale",
    "ResolutionModel",
    "GaussianResolution",
    "PoissonResolution",
    "GammaResolution",
    "SmearingMatrix",
    "perfect_bin_probabilities",
    # efficiency
    "EfficiencyModel",
    "StepEfficiency",
    "SigmoidEfficiency",
    "TabulatedEfficiency",
    "ExponentialTimingEfficiency",
    "TimeWindow",
    # the chain
    "Response",
    "ResponseMatrix",
]
