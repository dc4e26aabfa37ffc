"""Particle constants read from the PDG tables by PDG number, against the published values."""

import pytest

from cevns import constants
from cevns.units import MeV, ns

# CODATA 2022 (Mohr et al., RMP 97 (2025) 025002): m_p = 938.27208943(29) MeV, m_n = 939.56542194(48) MeV,
# m_e = 0.51099895069(16) MeV, m_μ = 105.6583755(23) MeV; PDG 2024: m_π± = 139.57039(18) MeV,
# τ_μ = 2.1969811(22) μs, τ_π± = 2.6033(5) × 10⁻⁸ s.
PUBLISHED = {
    "proton_mass": (938.27208943 * MeV, 1e-9),
    "neutron_mass": (939.56542194 * MeV, 1e-8),
    "electron_mass": (0.51099895069 * MeV, 1e-9),
    "muon_mass": (105.6583755 * MeV, 1e-7),
    "charged_pion_mass": (139.57039 * MeV, 2e-6),
    "muon_lifetime": (2196.9811 * ns, 2e-6),
    "charged_pion_lifetime": (26.033 * ns, 2e-4),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_particle_constant_matches_published_value(name):
    value, uncertainty = PUBLISHED[name]
    assert getattr(constants, name) == pytest.approx(value, rel=uncertainty)


def test_unknown_constant_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'tau_mass'"):
        constants.tau_mass


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_direct_table_read_equals_particle_lookup(name):
    from particle import Particle

    pdgid, attribute = constants._FROM_PDG[name]
    expected = float(getattr(Particle.from_pdgid(pdgid), attribute)) * (MeV if attribute == "mass" else 1.0)
    assert constants._pdg_rows(), "the PDG table of particle was not found"
    assert getattr(constants, name) == pytest.approx(expected, rel=1e-12)
