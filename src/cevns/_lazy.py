"""Lazy public names for packages (PEP 562): a package lists ``name → module`` and imports nothing until used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping


def lazy_exports(package: str, public: Mapping[str, str], *, eager: tuple[str, ...] = ()):
    """``(__getattr__, __dir__, __all__)`` for ``package``, whose public names live in the modules of ``public``
    (absolute, or relative to the package). A name is imported on first access and then kept in the package;
    ``eager`` names are defined in the package itself and listed first."""
    names = [*eager, *sorted(public)]

    def __getattr__(name: str):
        if name in public:
            value = getattr(importlib.import_module(public[name], package), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return names

    return __getattr__, __dir__, names
