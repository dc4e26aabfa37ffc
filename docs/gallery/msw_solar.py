"""The MSW transition of solar neutrinos

The ν_e survival probability of solar neutrinos, averaged over the ⁸B production region of the B16-GS98 Sun, from
the vacuum-dominated low energies (P_ee ≈ c₁₃⁴(1 − ½ sin²2θ₁₂) + s₁₃⁴) to the adiabatic MSW conversion above a few MeV
(P_ee ≈ c₁₃⁴ sin²θ₁₂ + s₁₃⁴), with NuFIT 6.0 parameters.
"""

import numpy as np
from matplotlib.figure import Figure

from cevns.oscillations import nufit60, solar_survival_probability
from cevns.units import MeV

E = np.geomspace(0.1, 20, 300) * MeV
mixing = nufit60()
s12, s13 = mixing.sin2_theta12, mixing.sin2_theta13
vacuum = (1 - s13) ** 2 * (1 - 2 * s12 * (1 - s12)) + s13**2    # c13⁴ (1 − ½ sin²2θ12) + s13⁴
matter = (1 - s13) ** 2 * s12 + s13**2                            # c13⁴ sin²θ12 + s13⁴

fig = Figure(figsize=(6, 4.2))
ax = fig.subplots()
ax.semilogx(E / MeV, solar_survival_probability(E, component="8B"), label="adiabatic MSW, ⁸B region")
ax.axhline(vacuum, color="gray", ls="--", lw=1, label=r"vacuum: $c_{13}^4(1-\frac{1}{2}\sin^22\theta_{12})+s_{13}^4$")
ax.axhline(matter, color="gray", ls=":", lw=1, label=r"matter: $c_{13}^4\sin^2\theta_{12}+s_{13}^4$")
ax.set_xlabel(r"neutrino energy $E_\nu$ [MeV]")
ax.set_ylabel(r"$P_{ee}$")
ax.set_ylim(0, 0.8)
ax.legend()
