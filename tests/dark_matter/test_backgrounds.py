"""Neutrino backgrounds of dark-matter targets: components, uncertainties, binning, MSW and flavor blindness."""

import numpy as np
import pytest
from scipy import integrate

from cevns.dark_matter.backgrounds import binned_background, neutrino_components, ohare2021_components
from cevns.dark_matter.wimp import nuclei_per_mass
from cevns.errors import UnknownNameError
from cevns.rates import recoil_spectrum
from cevns.units import cm2, keV, s


def test_default_components_and_uncertainties():
    comps = {c.name: c.uncertainty for c in neutrino_components()}
    # B16-GS98 (Vinyoles et al. 2017, Table 6); atmospheric 20 %, DSNB 50 % (Billard et al. 2014, Table I)
    assert comps == {"pp": 0.006, "pep": 0.01, "hep": 0.30, "Be7": 0.06, "B8": 0.12, "N13": 0.15, "O15": 0.17,
                     "F17": 0.20, "atmospheric": 0.20, "dsnb": 0.50}
    ohare = {c.name: c for c in ohare2021_components()}
    assert ohare["B8"].uncertainty == 0.02 and ohare["atmospheric"].uncertainty == 0.25
    total = sum(ohare["B8"].flux.total(f) for f in ohare["B8"].flux.flavors)
    assert total * cm2 * s == pytest.approx(5.16e6)  # O'Hare (2021): global-fit ⁸B flux
    with pytest.raises(UnknownNameError, match="component"):
        neutrino_components(include=["B9"])


def test_bins_hold_the_integral_of_the_recoil_spectrum():
    # independent quadrature (scipy.quad of the rates API's dR/dT) of one bin of the ⁸B background on argon
    comps = neutrino_components(include=["B8"])
    edges = np.array([0.5, 2.0, 5.0]) * keV
    binned = binned_background(edges, "Ar40", comps)[0]
    _, per_mass = nuclei_per_mass("Ar40")
    flux = comps[0].flux
    f = lambda t: float(recoil_spectrum(t * keV, flux, "Ar40")) * keV  # noqa: E731
    expected = per_mass[0] * integrate.quad(f, 2.0, 5.0, epsrel=1e-8)[0]
    assert binned[1] == pytest.approx(expected, rel=1e-5)


def test_msw_leaves_the_tree_level_background_unchanged():
    # tree-level CEvNS is flavor blind and the oscillated flavors sum to the produced ν_e (unitarity):
    # the MSW-oscillated background equals the unoscillated one
    edges = np.geomspace(0.01, 5.0, 6) * keV
    plain = binned_background(edges, "Ar40", neutrino_components(include=["B8", "Be7"]))
    msw = binned_background(edges, "Ar40", neutrino_components(include=["B8", "Be7"], msw=True))
    np.testing.assert_allclose(msw, plain, rtol=1e-9)

