"""The fog over (mass × exposure) grids in parallel with Dask: a local cluster by default, or an existing one.

The :class:`~cevns.dark_matter.fog.DiscoveryProblem` (binned backgrounds, WIMP model) is built once and sent to the
workers; each task computes the discovery limits of a block of masses over all exposures, and the blocks are put
together in the order of the masses. Dask is optional: ``pip install 'cevns[dask]'``.
"""

from __future__ import annotations

import numpy as np

from .. import _validate
from ..errors import OptionalDependencyError
from ..units import GeV
from .fog import FogResult, default_exposures

__all__ = ["fog_scan"]


def _block(problem, masses, exposures):
    return problem.fog(masses, exposures)


def _client(client, address, workers):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise OptionalDependencyError("a parallel fog scan", "dask[distributed]", "dask") from None
    if client is not None:
        return client, False
    if address is not None:
        return Client(address), True
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), True


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
    client, owned = _client(client, address, int(workers))
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or int(workers))
        parts = np.array_split(masses, min(masses.size, blocks or 4 * n_workers))
        remote = client.scatter(problem, broadcast=True)
        futures = [client.submit(_block, remote, part, exposures, pure=False) for part in parts if part.size]
        if progress:
            from distributed import progress as show

            show(futures)
        results = client.gather(futures)
    finally:
        if owned:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    return FogResult(
        masses=masses, exposures=exposures,
        cross_sections=np.concatenate([r.cross_sections for r in results]),
        index=np.concatenate([r.index for r in results]),
        floor=np.concatenate([r.floor for r in results]),
        one_event_floor=np.concatenate([r.one_event_floor for r in results]),
        background_events=results[0].background_events, meta=results[0].meta)
