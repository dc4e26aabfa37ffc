"""CEvNS cross sections of the common targets

The total cross section per nucleus of argon, germanium, CsI and xenon (natural abundances, Helm form factor, tree
couplings) from 1 to 300 MeV: σ grows as E² until the form factor cuts it off, and as N² from target to target.
CsI and xenon nearly coincide: their mean neutron numbers are alike (Cs 78, I 74; xenon 77.4 on average over its
isotopes). The same figure: `cevns plot xsec -o xsec.png`.
"""

from cevns import plotting

fig = plotting.cross_sections(("Ar40", "Ge", "CsI", "Xe"))
