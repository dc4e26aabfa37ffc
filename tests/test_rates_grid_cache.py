"""The rate engine keeps form factors and running couplings on its recoil grid; what it keeps must not change
what it returns."""

from dataclasses import dataclass

import numpy as np

from cevns.physics.form_factors import Helm, _FormFactor
from cevns.rates import recoil_rates
from cevns.sources import get
from cevns.units import fermi, keV

FLUX = get("sns-coherent")


@dataclass(frozen=True)
class Scaled(_FormFactor):
    """F of a Helm model times factor[0]: eq=True with an array field, so hash() raises TypeError."""

    helm: Helm
    factor: np.ndarray

    def _evaluate(self, k):
        return self.helm.of_wave_number(k) * self.factor[0]

    @property
    def rms_radius(self):
        return self.helm.rms_radius


def test_unhashable_form_factor_model_is_evaluated_not_cached():
    rates = recoil_rates(FLUX, "Ar40", np.array([5.0, 20.0]) * keV)
    helm = Helm.lewin_smith(40)
    full = rates.spectrum(form_factor=helm)
    for factor in (0.5, 0.25):  # F → f F: the (J = 0) rate scales as f²
        assert np.allclose(rates.spectrum(form_factor=Scaled(helm, np.array([factor]))), factor**2 * full,
                           rtol=1e-13, atol=0.0)


def test_kept_values_follow_the_model_and_the_couplings():
    """Alternating neutron radii and coupling schemes on one RecoilRates gives what a fresh one gives."""
    T = np.linspace(1.0, 40.0, 30) * keV
    rates = recoil_rates(FLUX, "CsI", T)
    cases = [(("helm", Helm.from_rms_radius(r * fermi)), scheme) for r in (4.8, 5.6) for scheme in ("tree", "tomalak2021")]
    first = [rates.spectrum(form_factor=ff, couplings=c) for ff, c in cases]
    again = [rates.spectrum(form_factor=ff, couplings=c) for ff, c in reversed(cases)][::-1]
    fresh = [recoil_rates(FLUX, "CsI", T).spectrum(form_factor=ff, couplings=c) for ff, c in cases]
    assert all(np.array_equal(a, b) and np.array_equal(a, f) for a, b, f in zip(first, again, fresh))
    assert not np.allclose(first[0], first[2], rtol=1e-3, atol=0.0)  # the radius matters
    assert not np.allclose(first[0], first[1], rtol=1e-3, atol=0.0)  # the scheme matters


def test_spectrum_equals_kernels_built_with_the_specification():
    """Kernels built with each specification itself (couplings and form factors evaluated by the kernel) give
    the engine's spectrum, for names, pairs, callables and free nucleons (whose axial form factor is its own)."""
    from cevns.physics.couplings import get_couplings
    from cevns.physics.cross_section import ScatteringKernel

    T = np.linspace(0.5, 40.0, 25) * keV
    neutron = Helm.from_rms_radius(5.4 * fermi)
    for target, spec in [("CsI", ("helm", neutron)), ("CsI", lambda iso: ("klein-nystrand", neutron)),
                         ("CsI", "symmetrized-fermi"), ("H1", "helm"), ("H1", (neutron, neutron))]:
        rates = recoil_rates(FLUX, target, T)
        for couplings in ("tree", "tomalak2021"):
            c = get_couplings(couplings, None)
            expected = np.array([[np.maximum(kernel.combine(*kernel.couplings_at(T), *rates.moments[i, k]), 0.0)
                                  for k, kernel in enumerate(ScatteringKernel.build(iso, spec, c, f, True)
                                                             for f in rates.flavors)]
                                 for i, iso in enumerate(rates.isotopes)])
            assert np.allclose(rates.spectrum(form_factor=spec, couplings=couplings), expected, rtol=1e-14, atol=0.0)
