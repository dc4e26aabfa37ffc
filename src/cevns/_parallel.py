"""Scans in parallel with Dask: blocks of parameter values mapped on a cluster, results back in order.

A local ``dask.distributed`` cluster of worker processes by default, or an existing cluster by address (so a large
scan moves off one machine). Dask is optional: ``pip install 'cevns[dask]'``.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_count
from .errors import OptionalDependencyError

__all__ = ["map_blocks"]


def _client(client, address, workers: int, what: str):
    """(client, whether this call owns it and must close it)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise OptionalDependencyError(what, "dask[distributed]", "dask") from None
    if client is not None:
        return client, False
    if address is not None:
        return Client(address), True
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), True


def map_blocks(function, values, *shared, client=None, address: str | None = None, workers: int = 2,
               blocks: int | None = None, blocks_per_worker: int = 4, progress: bool = False,
               what: str = "a parallel scan") -> list:
    """``function(*shared, block)`` for consecutive blocks of ``values``, on a Dask cluster.

    Parameters
    ----------
    function : callable
        Called on a worker with the ``shared`` objects (sent once to every worker) and one block of values.
    values : array_like
        Split along the first axis into ``blocks`` consecutive blocks.
    client : distributed.Client, optional
        Use this client (left open).
    address : str, optional
        Connect to the scheduler at this address (``"tcp://host:8786"``); otherwise a local cluster of
        ``workers`` processes is started and closed afterwards.
    blocks : int, optional
        Number of tasks (default: ``blocks_per_worker`` per worker).
    progress : bool
        Show Dask's progress bar.
    what : str
        What the scan is, for the error when Dask is missing.

    Returns
    -------
    list of the results of each block, in the order of the values.
    """
    values = np.asarray(values)
    workers = check_count("workers", workers, minimum=1, maximum=1024)
    if blocks is not None:
        blocks = check_count("blocks", blocks, minimum=1, maximum=max(1, len(values)))
    client, owned = _client(client, address, workers, what)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or int(workers))
        parts = [p for p in np.array_split(values, min(len(values), blocks or blocks_per_worker * n_workers))
                 if len(p)]
        remote = [client.scatter(obj, broadcast=True) for obj in shared]
        futures = [client.submit(function, *remote, part, pure=False) for part in parts]
        if progress:
            from distributed import progress as show

            show(futures)
        return client.gather(futures)
    finally:
        if owned:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
