"""on_rows evaluates one model per row of wave numbers (the isotopes of a target) at once; each row must be what its
model gives alone, to the last bit."""

import numpy as np

from cevns.physics.form_factors import Helm, KleinNystrand, on_rows
from cevns.units import fermi


def test_rows_are_the_models_alone():
    k = np.linspace(0.0, 2.0, 301)[None, :] / fermi * np.array([[1.0], [0.7], [1.3]])
    helms = [Helm.lewin_smith(a) for a in (40, 129, 136)] + [Helm(5.0 * fermi, 0.8 * fermi)]
    k = np.vstack([k, k[:1]])
    for models in (helms, [helms[0]] * 4, helms[:2] + [KleinNystrand.for_mass_number(76), helms[3]]):
        rows = on_rows(models, k)
        assert rows.shape == k.shape
        for model, k_i, row in zip(models, k, rows):
            assert np.array_equal(row, model.of_wave_number(k_i))
    assert np.all(on_rows(helms, k)[:, 0] == 1.0)  # F(0) = 1
