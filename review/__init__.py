"""prepub-review: pre-publication confidentiality and privacy review.

Public API (stable; the CLI and the web app use nothing deeper):

    review_file(path, config=None) -> Report
    review_text(text, *, language=None, config=None) -> Report
"""
from __future__ import annotations

import hashlib

from review.config import Config
from review.model import Document, Finding, Location, Reason, Recommendation, Report, Segment

__version__ = "0.1.0"
__all__ = ["review_file", "review_text", "load", "Config", "Document", "Finding", "Location",
           "Reason", "Recommendation", "Report", "Segment", "__version__"]


def load(path, config: Config | None = None) -> Document:
    """Load a file into a Document (raises review.errors.InputError with a readable reason)."""
    from review.loaders import load_document

    return load_document(path, config or Config())


def review_file(path, config: Config | None = None) -> Report:
    """Load and review one file. Input problems raise review.errors.InputError."""
    from review.pipeline import review_document

    config = config or Config()
    return review_document(load(path, config), config)


def text_document(text: str, name: str = "<text>") -> Document:
    """A Document for plain text given in memory: one segment per non-empty line."""
    from review.loaders.txt import line_pieces

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document.build(name, "text", line_pieces(text), digest, size=len(text.encode("utf-8")))


def review_text(text: str, *, language: str | None = None, config: Config | None = None) -> Report:
    """Review text given in memory (language "zh", "en" or None to detect per segment)."""
    from review.pipeline import review_document

    config = config or Config()
    if language is not None:
        config = config.with_(language=language)
    return review_document(text_document(text), config)
