"""Which flavor arrives: coherent forward scattering, matter potentials and three-flavor propagation.

Importing this package reads no file; the solar model tables are read on first use.
"""
