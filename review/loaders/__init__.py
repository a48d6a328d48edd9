"""Load a file into a Document: sniff the real type from its bytes, check limits, dispatch.

Each format has its own module with `load(path, data, config) -> Document`.
The type is decided by content, not by the file name: a .docx that is really
a PDF is read as a PDF, and an executable renamed .txt is refused.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import zipfile
from pathlib import Path

from review.config import Config
from review.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge, InputError, UnsupportedFormat
from review.model import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
CSV_SUFFIXES = {".csv", ".tsv"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the file's bytes: how reports and decisions identify a document."""
    return hashlib.sha256(data).hexdigest()


def sniff_format(path: Path, data: bytes) -> str:
    """The format of `data` decided from its bytes: pdf, docx, xlsx, csv or txt."""
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(path, data)
    if data.startswith(OLE2_MAGIC):
        # Password-protected .docx/.xlsx are stored as OLE2 "EncryptedPackage" files.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise EncryptedFile(str(path), "the file is password-protected (encrypted Office document); "
                                           "remove the password and try again")
        raise UnsupportedFormat(str(path), "legacy binary Office format (.doc/.xls) is not supported; "
                                           "save it as .docx or .xlsx")
    if _looks_binary(data):
        raise UnsupportedFormat(str(path), "unsupported file type (binary content that is not "
                                           "PDF, DOCX, XLSX, CSV or text)")
    return "csv" if path.suffix.lower() in CSV_SUFFIXES else "txt"


def _sniff_zip(path: Path, data: bytes) -> str:
    """Tell a .docx from a .xlsx from any other zip by the parts it contains."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CorruptFile(str(path), "the file is damaged: its zip container cannot be read") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnsupportedFormat(str(path), "unsupported file type (a zip archive that is neither .docx nor .xlsx)")


def _looks_binary(data: bytes) -> bool:
    """True when the bytes cannot be text: NUL bytes outside UTF-16, or many control characters."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def check_zip_limits(path: Path, data: bytes, config: Config) -> zipfile.ZipFile:
    """Open a zip container after refusing zip bombs (total size and compression ratio)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CorruptFile(str(path), "the file is damaged: its zip container cannot be read") from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise EncryptedFile(str(path), "the zip container is encrypted")
    total = sum(info.file_size for info in infos)
    if total > config.max_unpacked_bytes:
        raise FileTooLarge(str(path), f"unpacks to {total / (1024 * 1024):.1f} MB, over the limit of "
                                      f"{config.max_unpacked_bytes / (1024 * 1024):.1f} MB "
                                      f"(max_unpacked_bytes; possible zip bomb)")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > config.max_compression_ratio \
                and info.file_size > 1024 * 1024:
            raise FileTooLarge(str(path), f"part {info.filename} has a compression ratio of "
                                          f"{info.file_size // info.compress_size}:1, over the limit of "
                                          f"{config.max_compression_ratio:.0f}:1 (possible zip bomb)")
    return archive


def read_limited(path: Path, config: Config) -> bytes:
    """Read a file's bytes after checking it exists, is a regular file and is within the size limit."""
    try:
        if not path.is_file():
            raise InputError(str(path), _why_not_a_file(path))
        check_size(path, path.stat().st_size, config)
        return path.read_bytes()
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or type(exc).__name__})") from None


def _why_not_a_file(path: Path) -> str:
    """Why a path cannot be read as a file: missing, a dangling or looping link, or not a regular file."""
    if path.exists():
        return "not a regular file"  # a directory, FIFO, device (/dev/zero) or socket: never read, never waited on
    return "a symbolic link that is broken or loops" if path.is_symlink() else "no such file"


def check_size(path: Path, size: int, config: Config) -> None:
    """Refuse empty input and input over max_file_bytes (uploads arrive as bytes, not files)."""
    if size > config.max_file_bytes:
        raise FileTooLarge(str(path), f"file is {size / (1024 * 1024):.1f} MB, over the limit of "
                                      f"{config.max_file_bytes / (1024 * 1024):.1f} MB (max_file_bytes)")
    if size == 0:
        raise EmptyFile(str(path), "the file is empty (0 bytes)")


def load_document(path, config: Config | None = None) -> Document:
    """Load any supported file into a Document, or raise an InputError that names the reason."""
    config = config or Config()
    path = Path(path)
    data = read_limited(path, config)
    return load_bytes(path, data, config)


def load_bytes(path: Path, data: bytes, config: Config) -> Document:
    """Load already-read bytes (the web app's uploads) into a Document."""
    check_size(path, len(data), config)
    fmt = sniff_format(path, data)
    # Import only this format's loader: the pdf one alone costs ~0.3 s of start-up (pikepdf, pdfminer).
    load = importlib.import_module(f"review.loaders.{fmt}").load
    try:
        document = load(path, data, config)
    except InputError:
        raise
    except RecursionError:
        raise CorruptFile(str(path), f"the {fmt} structure is nested too deeply to read") from None
    except MemoryError:
        raise FileTooLarge(str(path), "the file needs more memory than is available to read") from None
    except Exception as exc:  # a parser's own error: report the kind, not its message (it may quote content)
        raise CorruptFile(str(path), f"the {fmt} file is damaged and cannot be read ({type(exc).__name__})") from None
    if not document.segments and not document.warnings:
        raise EmptyFile(str(path), "the file contains no text")
    return document
