"""Neutrino sources (placeholder while building)."""
