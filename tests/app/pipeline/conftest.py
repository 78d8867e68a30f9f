"""The two-worker Dask LocalCluster, for this package's cluster tests only.

Defined here (not as a session-wide plugin) so that it is package-scoped to
tests/app/pipeline: the cluster and its client's event-loop thread are shut
down when these tests are done. Left running, that thread frees objects that
hold None while later tests measure sys.getrefcount(None) around painting
(tests/app/ui/widgets/test_paint_refcount.py), and those tests failed.
"""

from tests.fixtures.dask_cluster import dask_client, dask_cluster

__all__ = ["dask_client", "dask_cluster"]
