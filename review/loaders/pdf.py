"""pdf loader (being written)."""
from __future__ import annotations

from review.errors import UnsupportedFormat


def load(path, data, config):
    """Not implemented yet."""
    raise UnsupportedFormat(str(path), "pdf files are not supported yet")
