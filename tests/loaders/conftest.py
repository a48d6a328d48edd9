"""Helpers shared by the loader tests."""
from __future__ import annotations

import pytest
import yaml

from review import load
from review.config import Config


def segments(document, layer=None):
    """(text, location) of the segments, optionally of one layer."""
    return [(s.text, s.location) for s in document.segments if layer is None or s.location.layer == layer]


def visible_text(document) -> str:
    """Everything a reader of the published document sees."""
    return "\n".join(s.text for s in document.visible_segments)


@pytest.fixture
def load_file():
    """Load a file with an optional Config override: load_file(path, max_file_bytes=...)."""
    def run(path, **overrides):
        return load(path, Config().with_(**overrides))
    return run


@pytest.fixture
def config_file(tmp_path):
    """Write a YAML config with the given settings and return its path (for `review check --config`)."""
    def write(**settings):
        path = tmp_path / "review.yaml"
        path.write_text(yaml.safe_dump(settings), encoding="utf-8")
        return path
    return write
