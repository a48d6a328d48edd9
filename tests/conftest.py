"""Shared fixtures: a temporary directory of drafts, a CLI runner that captures output."""
from __future__ import annotations

import pytest

from review.cli import main


class CliResult:
    """Exit code and captured output of one CLI call."""

    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys):
    """Run `review ARGS...` in-process and return its exit code and output."""
    def run(*args):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)
    return run
