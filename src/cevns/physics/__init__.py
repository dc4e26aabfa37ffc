"""One neutrino on one nucleus: kinematics, couplings, form factors, cross sections."""
