"""The fog over (mass × exposure) grids in parallel with Dask: a local cluster by default, or an existing one.

The :class:`~cevns.dark_matter.fog.DiscoveryProblem` (binned backgrounds, WIMP model) is built once and sent to the
workers; each task computes the discovery limits of a block of masses over all exposures, and the blocks are put
together in the order of the masses (:func:`cevns._parallel.map_blocks`). Dask is optional:
``pip install 'cevns[dask]'``.
"""

from __future__ import annotations

import numpy as np

from .. import _validate
from .._parallel import map_blocks
from ..units import GeV
from .fog import FogResult, default_exposures

__all__ = ["fog_scan"]


def _block(problem, exposures, masses):
    return problem.fog(masses, exposures)


def fog_scan(problem, masses, exposures=None, *, client=None, address: str | None = None, workers: int = 2,
             blocks: int | None = None, progress: bool = False) -> FogResult:
    """The fog of ``problem`` over ``masses`` × ``exposures``, computed in parallel with Dask.

    Parameters
    ----------
    problem : DiscoveryProblem
        From :func:`cevns.dark_matter.discovery_problem`.
    masses : array_like [energy]
    exposures : array_like [mass · time], optional (default :func:`~cevns.dark_matter.fog.default_exposures`)
    client : distributed.Client, optional
        Use this client (left open).
    address : str, optional
        Connect to the scheduler at this address (``"tcp://host:8786"``); otherwise a local cluster of
        ``workers`` processes is started (and closed afterwards).
    blocks : int, optional
        Number of tasks (default: 4 per worker).
    progress : bool
        Show Dask's progress bar.

    Returns
    -------
    FogResult, identical to ``problem.fog(masses, exposures)``.
    """
    masses = np.atleast_1d(_validate.positive("masses", masses, unit="GeV", unit_value=GeV))
    exposures = default_exposures() if exposures is None else np.sort(np.atleast_1d(
        _validate.positive("exposures", exposures)))
    results = map_blocks(_block, masses, problem, exposures, client=client, address=address, workers=workers,
                         blocks=blocks, progress=progress, what="a parallel fog scan")
    return FogResult(
        masses=masses, exposures=exposures,
        cross_sections=np.concatenate([r.cross_sections for r in results]),
        index=np.concatenate([r.index for r in results]),
        floor=np.concatenate([r.floor for r in results]),
        one_event_floor=np.concatenate([r.one_event_floor for r in results]),
        background_events=results[0].background_events, meta=results[0].meta)
