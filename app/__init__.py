"""Callscope: the pipeline, storage, exports and the desktop app.

Importing it imports the kernel, which sets the no-network defaults first.
"""

import kernel  # noqa: F401
