"""Errors a user can act on. Messages name the file and the reason, never a sensitive value."""
from __future__ import annotations


class ReviewError(Exception):
    """Base class: anything the CLI reports as an input or usage error (exit code 2)."""

    exit_code = 2


class InputError(ReviewError):
    """A file that cannot be reviewed: corrupt, encrypted, empty, too large, unsupported."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(InputError):
    """No loader knows this kind of file."""


class FileTooLarge(InputError):
    """The file, or what it unpacks to, exceeds the configured limit."""


class EncryptedFile(InputError):
    """The file is password-protected or encrypted."""


class CorruptFile(InputError):
    """The file is damaged or not what its name says."""


class EmptyFile(InputError):
    """The file holds no bytes or no text at all."""


class RulePackError(ReviewError):
    """A rule file is invalid; the message names the file, the rule id and the field."""

    def __init__(self, source: str, rule_id: str | None, field: str | None, problem: str):
        where = source + (f" rule {rule_id!r}" if rule_id else "") + (f" field {field!r}" if field else "")
        super().__init__(f"{where}: {problem}")


class ConfigError(ReviewError):
    """A configuration file or flag is invalid."""
