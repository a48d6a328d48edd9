"""The sample corpus stays honest: every gold file parses and every span occurs in its draft."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from review import gold as gd, load
from review.errors import UnsupportedFormat

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLDS = gd.find_gold_files(SAMPLES)
DRAFT_SUFFIXES = set(gd.DOCUMENT_SUFFIXES)


def test_the_corpus_is_there():
    dev = [g for g in GOLDS if g.parent.name == "dev"]
    assert len(dev) >= 32, "samples/dev/ should hold at least 32 annotated drafts"


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_parses_and_every_span_occurs(gold_path):
    gold = gd.parse_gold(gold_path)
    try:
        text = load(gold.document).text
    except UnsupportedFormat:
        pytest.skip(f"no loader for {gold.document.suffix} yet")
    assert gd.locate(gold, text), "a draft with nothing to check should still annotate its keep items"


def test_every_dev_draft_has_a_gold_file():
    drafts = [p for p in (SAMPLES / "dev").iterdir() if p.suffix in DRAFT_SUFFIXES]
    missing = [p.name for p in drafts if not p.with_name(p.stem + gd.GOLD_SUFFIX).is_file()]
    assert not missing


def test_dev_covers_every_disclosure_mode_and_both_languages():
    golds = [gd.parse_gold(g) for g in GOLDS if g.parent.name == "dev"]
    assert {g.expected_mode for g in golds} == {"public", "targeted", "none"}
    assert sum(g.language == "en" for g in golds) >= 4


def test_binary_samples_are_built_from_their_sources():
    result = subprocess.run([sys.executable, str(SAMPLES / "build_binaries.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
