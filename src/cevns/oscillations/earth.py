"""The Earth: PREM density, chords through it, and where the Sun is seen from a detector.

Density: the Preliminary Reference Earth Model, A. M. Dziewonski and D. L. Anderson, Phys. Earth Planet.
Inter. 25 (1981) 297, doi:10.1016/0031-9201(81)90046-7, Table 1: ρ(x) = a + b x + c x² + d x³ with
x = r / 6371 km in each shell.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import as_array, check_count, real_scalar
from ..units import cm3, day, g, km, year
from .propagate import Layer

__all__ = ["EARTH_RADIUS", "prem_density", "prem_electron_fraction", "earth_chord_layers", "nadir_exposure",
           "PREM_SHELLS"]

#: Earth radius of PREM, 6371 km (Dziewonski & Anderson 1981).
EARTH_RADIUS = 6371.0 * km
#: PREM shells: outer radius [km] and density polynomial coefficients (a, b, c, d) [g/cm³] in x = r/6371 km
#: (Dziewonski & Anderson 1981, Table 1; the ocean layer kept, as in the published model).
PREM_SHELLS = (
    (1221.5, (13.0885, 0.0, -8.8381, 0.0)),          # inner core
    (3480.0, (12.5815, -1.2638, -3.6426, -5.5281)),  # outer core
    (5701.0, (7.9565, -6.4761, 5.5283, -3.0807)),    # lower mantle
    (5771.0, (5.3197, -1.4836, 0.0, 0.0)),           # transition zone
    (5971.0, (11.2494, -8.0298, 0.0, 0.0)),
    (6151.0, (7.1089, -3.8045, 0.0, 0.0)),
    (6346.6, (2.6910, 0.6924, 0.0, 0.0)),            # LVZ and LID
    (6356.0, (2.900, 0.0, 0.0, 0.0)),                # lower crust
    (6368.0, (2.600, 0.0, 0.0, 0.0)),                # upper crust
    (6371.0, (1.020, 0.0, 0.0, 0.0)),                # ocean
)
#: Outer radius of the core, 3480 km (PREM).
CORE_RADIUS = 3480.0 * km
#: Electron fractions of the core and of the mantle and crust, from their chemical composition
#: (Fe–Ni core with light elements; pyrolite mantle): the values used in Earth-matter oscillation studies,
#: e.g. J. N. Bahcall and P. I. Krastev, Phys. Rev. C 56 (1997) 2839, arXiv:hep-ph/9706239.
CORE_ELECTRON_FRACTION = 0.4656
MANTLE_ELECTRON_FRACTION = 0.4957
#: Bounds on the sizes callers may ask for (checked before anything is allocated): layers per shell crossing and
#: histogram bins, time samples per day (one a minute), days (ten years).
MAX_SUBLAYERS = 10_000
MAX_SAMPLES_PER_DAY = 1440
MAX_DAYS = 3653
#: Obliquity of the ecliptic, 23.44° (IAU, J2000: 23°26′21.4″).
OBLIQUITY = math.radians(23.4393)


def prem_density(radius):
    """PREM mass density ρ(r) [mass/length³] for 0 ≤ r ≤ 6371 km (zero outside the Earth)."""
    r = as_array("radius", radius, minimum=0.0)
    x = np.minimum(r, EARTH_RADIUS) / EARTH_RADIUS  # the density is 0 outside; no overflow far away
    rho = np.zeros_like(r)
    inner = 0.0
    for outer, (a, b, c, d) in PREM_SHELLS:
        surface = outer * km >= EARTH_RADIUS
        inside = (r >= inner * km) & ((r <= outer * km) if surface else (r < outer * km))
        rho = np.where(inside, a + x * (b + x * (c + x * d)), rho)
        inner = outer
    return rho * (g / cm3)


def prem_electron_fraction(radius):
    """Electron fraction Y_e(r): 0.4656 in the core, 0.4957 in the mantle and crust."""
    r = as_array("radius", radius, minimum=0.0)
    return np.where(r < CORE_RADIUS, CORE_ELECTRON_FRACTION, MANTLE_ELECTRON_FRACTION)


def earth_chord_layers(nadir_angle, *, sublayers: int = 32, electron_fraction=None) -> list[Layer]:
    """Constant-density layers along the chord of a neutrino reaching a detector at the surface.

    Parameters
    ----------
    nadir_angle : float [rad]
        Angle between the neutrino direction and the downward vertical at the detector, in [0, π/2)
        (0: through the center; ≥ π/2: no Earth crossed, empty list).
    sublayers : int
        Each crossing of a PREM shell is split into this many layers of equal length with the density at
        their midpoints; the error falls as 1/sublayers² (32: ~2e-4 in probability at GeV energies through
        the core, 64: ~4e-5).
    electron_fraction : float, optional
        Override Y_e everywhere.

    Returns
    -------
    list of :class:`~cevns.oscillations.propagate.Layer`, in the order crossed.
    """
    eta = real_scalar("nadir_angle", nadir_angle, minimum=0.0, maximum=math.pi, unit="rad")
    sublayers = check_count("sublayers", sublayers, minimum=1, maximum=MAX_SUBLAYERS)
    if eta >= math.pi / 2:
        return []
    if electron_fraction is not None:
        electron_fraction = real_scalar("electron_fraction", electron_fraction, minimum=0.0, maximum=1.0)
    b = EARTH_RADIUS * math.sin(eta)  # impact parameter
    half = EARTH_RADIUS * math.cos(eta)
    cuts = {-half, half}
    for outer, _ in PREM_SHELLS:
        r = outer * km
        if r > b:
            s = math.sqrt(r * r - b * b)
            cuts.update((-s, s))
    cuts = sorted(c for c in cuts if -half <= c <= half)
    layers = []
    for s0, s1 in zip(cuts[:-1], cuts[1:]):
        edges = np.linspace(s0, s1, sublayers + 1)
        mid = 0.5 * (edges[:-1] + edges[1:])
        radius = np.sqrt(b * b + mid * mid)
        rho = prem_density(np.minimum(radius, EARTH_RADIUS))
        ye = prem_electron_fraction(radius) if electron_fraction is None else np.full(mid.shape, electron_fraction)
        for length, density, y in zip(np.diff(edges), rho, ye):
            if length > 0:
                layers.append(Layer(length=float(length), density=float(density), electron_fraction=float(y)))
    return layers


def nadir_exposure(latitude, *, bins: int = 20, samples_per_day: int = 96, days: int = 365):
    """Yearly distribution of the Sun's nadir angle at night for a detector at a given latitude.

    Parameters
    ----------
    latitude : float [rad]
        Geographic latitude in [−π/2, π/2].
    bins : int
        Number of bins in cos η over (0, 1].

    Returns
    -------
    (cos_nadir, night_fraction) : arrays of length ``bins``
        Bin centres of cos η and the fraction of the whole year's exposure in each (their sum is the night
        fraction, ≈ 0.5).

    Notes
    -----
    The Sun's declination follows sin δ = sin ε sin(2π t/yr) (circular orbit; the 3 % eccentricity is
    neglected), the hour angle runs uniformly over a day, cos θ_z = sin φ sin δ + cos φ cos δ cos h, and at
    night (cos θ_z < 0) the nadir angle is η = π − θ_z.
    """
    phi = real_scalar("latitude", latitude, minimum=-math.pi / 2, maximum=math.pi / 2, unit="rad")
    bins = check_count("bins", bins, minimum=1, maximum=MAX_SUBLAYERS)
    samples_per_day = check_count("samples_per_day", samples_per_day, minimum=1, maximum=MAX_SAMPLES_PER_DAY)
    days = check_count("days", days, minimum=1, maximum=MAX_DAYS)
    t = (np.arange(days * samples_per_day) + 0.5) / samples_per_day * day
    declination = np.arcsin(math.sin(OBLIQUITY) * np.sin(2 * np.pi * t / year))
    hour = 2 * np.pi * (t / day % 1.0)
    cos_zenith = math.sin(phi) * np.sin(declination) + math.cos(phi) * np.cos(declination) * np.cos(hour)
    cos_nadir = -cos_zenith[cos_zenith < 0]
    counts, edges = np.histogram(cos_nadir, bins=int(bins), range=(0.0, 1.0))
    return 0.5 * (edges[:-1] + edges[1:]), counts / t.size

