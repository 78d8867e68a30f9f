"""The kernel both app/ and models/ import: domain types, statuses, errors, paths.

It imports nothing from app/ or models/ (tests/test_architecture.py checks
the rule); see docs/ARCHITECTURE.md. Importing it sets the no-network
environment defaults (kernel/offline.py) before onnxruntime or transformers
can load, whichever entry point (CLI, app, a worker, a training script) runs.
"""

from kernel.offline import apply_offline_defaults

apply_offline_defaults()
