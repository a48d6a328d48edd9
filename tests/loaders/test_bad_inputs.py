"""Every kind of bad input: a clear InputError naming the file and the reason, exit code 2, no traceback."""
from __future__ import annotations

import json

import pytest

from review.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge, UnsupportedFormat
from tests.loaders.builders import (
    CONTENT_TYPES, ROOT_RELS, build_corrupt_zip, build_docx, build_ole2, build_pdf, build_png, build_zip_bomb,
    mark_zip_encrypted, write_zip,
)

MARKER = "炸弹"  # text inside the bad files: must never appear in an error message


def empty(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    return path


def oversized(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text((MARKER + "\n") * 300_000, encoding="utf-8")  # about 2 MB
    return path


def mis_encoded(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(f"{MARKER}UTF-8\n".encode()[:-2] + f"{MARKER}GBK\n".encode("gbk") + b"\xff\xfe\xfd")
    return path


def broken_xml(tmp_path):
    document = f"<w:document><w:body><w:p><w:r><w:t>{MARKER}</w:t></w:r>".encode()
    return write_zip(tmp_path / "bad-xml.docx", {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                                                 "word/document.xml": document})


def other_zip(tmp_path):
    return write_zip(tmp_path / "photos.docx", {"a.txt": MARKER.encode()})


def broken_xlsx(tmp_path):
    return write_zip(tmp_path / "book.xlsx", {"xl/workbook.xml": f"<workbook>{MARKER}".encode()})


def corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + MARKER.encode() * 50 + b"\n%%EOF\n")
    return path


def zip_encrypted(tmp_path):
    return mark_zip_encrypted(build_docx(tmp_path / "locked.docx", body=[MARKER]))


def named(builder, name):
    """A builder that writes to tmp_path / name."""
    return lambda tmp_path: builder(tmp_path / name)


CASES = [
    # builder, settings, error class, reason fragment
    pytest.param(empty, {}, EmptyFile, "the file is empty", id="empty"),
    pytest.param(oversized, {"max_file_bytes": 1024 * 1024}, FileTooLarge, "over the limit of 1.0 MB", id="oversized"),
    pytest.param(named(build_zip_bomb, "bomb.docx"), {}, FileTooLarge, "compression ratio", id="zip-bomb-ratio"),
    pytest.param(named(build_zip_bomb, "bomb2.docx"), {"max_unpacked_bytes": 1024 * 1024}, FileTooLarge,
                 "max_unpacked_bytes; possible zip bomb", id="zip-bomb-size"),
    pytest.param(named(build_ole2, "protected.docx"), {}, EncryptedFile, "password-protected", id="ole2-encrypted"),
    pytest.param(named(lambda p: build_ole2(p, encrypted=False), "old.doc"), {}, UnsupportedFormat,
                 "legacy binary Office format", id="ole2-doc"),
    pytest.param(zip_encrypted, {}, EncryptedFile, "zip container is encrypted", id="zip-encrypted"),
    pytest.param(named(lambda p: build_pdf(p, user_password="pw"), "locked.pdf"), {}, EncryptedFile,
                 "password-protected", id="pdf-encrypted"),
    pytest.param(corrupt_pdf, {}, CorruptFile, "PDF is damaged", id="pdf-corrupt"),
    pytest.param(named(build_png, "photo.docx"), {}, UnsupportedFormat, "unsupported file type", id="png-as-docx"),
    pytest.param(named(build_corrupt_zip, "cut.docx"), {}, CorruptFile, "zip container cannot be read",
                 id="corrupt-zip"),
    pytest.param(other_zip, {}, UnsupportedFormat, "neither .docx nor .xlsx", id="other-zip"),
    pytest.param(broken_xml, {}, CorruptFile, "word/document.xml is not well-formed XML", id="docx-bad-xml"),
    pytest.param(broken_xlsx, {}, CorruptFile, "xlsx file is damaged", id="xlsx-corrupt"),
    pytest.param(mis_encoded, {}, CorruptFile, "cannot determine the text encoding", id="mis-encoded"),
]


@pytest.mark.parametrize("builder, settings, error, reason", CASES)
def test_load_raises_a_named_input_error(tmp_path, load_file, builder, settings, error, reason):
    path = builder(tmp_path)
    with pytest.raises(error) as info:
        load_file(path, **settings)
    message = str(info.value)
    assert reason in message
    assert message.startswith(str(path))
    assert MARKER not in message


@pytest.mark.parametrize("builder, settings, error, reason", CASES)
def test_review_check_exits_2_without_a_traceback(tmp_path, cli, config_file, builder, settings, error, reason):
    path = builder(tmp_path)
    args = ["check", path, "--format", "json"] + (["--config", config_file(**settings)] if settings else [])
    result = cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.err and MARKER not in result.err + result.out
    assert reason in result.err
    assert reason in json.loads(result.out)["errors"][0]


def test_one_bad_file_does_not_stop_the_others(tmp_path, cli):
    good = build_docx(tmp_path / "good.docx", body=["正常的文件"])
    result = cli("check", empty(tmp_path), good, "--format", "json")
    reports = [json.loads(line) for line in result.out.splitlines() if line.startswith("{")]
    assert result.code == 2
    assert [bool(r["errors"]) for r in reports] == [True, False]


@pytest.mark.parametrize("data, settings, error", [
    (b"", {}, EmptyFile),
    (b"x" * 2048, {"max_file_bytes": 1024}, FileTooLarge),
])
def test_uploaded_bytes_are_checked_like_files(data, settings, error):
    from pathlib import Path

    from review.config import Config
    from review.loaders import load_bytes

    with pytest.raises(error):
        load_bytes(Path("upload.txt"), data, Config().with_(**settings))
