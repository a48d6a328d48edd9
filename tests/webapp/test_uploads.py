"""Display names of uploads: the last path component only, never a path."""
from __future__ import annotations

import pytest

from webapp.uploads import display_name


@pytest.mark.parametrize("raw, shown", [
    ("关于张某投诉的复函.docx", "关于张某投诉的复函.docx"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("C:\\Users\\me\\草稿.docx", "草稿.docx"),
    ("a\x00b\x1f.txt", "ab.txt"),
    ("..", "upload"),
    ("", "upload"),
    (None, "upload"),
    ("x" * 300 + ".docx", "x" * 195 + ".docx"),
])
def test_display_name(raw, shown):
    assert display_name(raw) == shown
