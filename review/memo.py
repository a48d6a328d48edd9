"""Per-document memo: a value several stages derive from the same document is computed once.

The document type, for instance, is read by the confidentiality stage and again by the
recommendation; classifying scans every segment for every cue of every type. The memo keeps
the answer for the most recent documents only (by identity, through a weak reference, so a
freed document is never matched by a new one that reuses its id).
"""
from __future__ import annotations

import functools
import threading
import weakref

KEEP = 4  # documents remembered per function (the web app's worker and a CLI run need one or two)


def per_document(func):
    """Cache func(document, config) per (document identity, config.rules_dir)."""
    entries: list = []
    lock = threading.Lock()

    @functools.wraps(func)
    def wrapper(document, config):
        key = (id(document), str(config.rules_dir))
        with lock:
            for ref, k, value in entries:
                if k == key and ref() is document:
                    return value
        value = func(document, config)
        with lock:
            entries.insert(0, (weakref.ref(document), key, value))
            del entries[KEEP:]
        return value

    wrapper.uncached = func
    return wrapper
