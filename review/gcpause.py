"""Python's cyclic garbage collector paused while a document is analysed.

The analysis allocates millions of small, acyclic objects (segments, matches, findings) that
reference counting frees on its own; it leaves no cycles behind. Yet every full collection
walks the whole live heap, which grows with the document, so on a 1.5M-character input the
collector took ~18% of the time and made the cost grow faster than the text. Pausing it for
the analysis keeps the cost linear. The pause nests and is shared by threads (the web app's
worker): the collector is re-enabled when the last analysis ends, if it was enabled before.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"depth": 0, "was_enabled": True}  # process-wide by nature: gc itself is process-wide


@contextmanager
def paused():
    """Disable automatic cyclic collection for the duration of the block (nested and thread-safe)."""
    with _lock:
        if _state["depth"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["was_enabled"]:
                gc.enable()
