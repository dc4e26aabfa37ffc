"""Exceptions of `cevns`: each names the parameter, its value and what is allowed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class CevnsError(Exception):
    """Base class of every error raised by `cevns`."""


class UnknownNameError(CevnsError, KeyError):
    """A name (isotope, material, preset, flavor, model) that `cevns` does not know.

    The message lists the closest known names.
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]):
        self.kind, self.name = kind, name
        known = [str(k) for k in known]
        text = str(name).lower()
        by_lower = {k.lower(): k for k in known}
        close = [by_lower[k] for k in difflib.get_close_matches(text, list(by_lower), n=4, cutoff=0.5)]
        if not close and text:
            close = [k for k in known if text in k.lower() or k.lower() in text][:4]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if len(known) <= 12:
            hint += f" (known: {', '.join(known)})"
        super().__init__(f"unknown {kind} {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class OutOfDomainError(CevnsError, ValueError):
    """A parameter value outside its allowed range (negative energy, unphysical radius, ...)."""


class InvalidSpecError(CevnsError, ValueError):
    """A specification (TOML file, dictionary) with a missing, misspelled or invalid field."""


class MissingDataError(CevnsError, FileNotFoundError):
    """A data file that is not available; the message says where to get it."""


class OptionalDependencyError(CevnsError, ImportError):
    """A feature that needs an optional package which is not installed."""

    def __init__(self, feature: str, package: str, extra: str):
        super().__init__(f"{feature} requires the optional package {package!r}; pip install 'cevns[{extra}]'")


class FileAccessError(CevnsError, OSError):
    """A file that cannot be read or written: missing folder, no permission, full disk, unsupported format."""
