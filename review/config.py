"""One Config value, built from defaults, an optional YAML file and flags, passed down explicitly."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml

from review.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES_DIR = PROJECT_ROOT / "rules"

MB = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """Settings for one review run. Immutable: use `with_(...)` to derive a variant."""

    rules_dir: Path = DEFAULT_RULES_DIR
    # Input limits: a file larger than this is refused before it is parsed.
    max_file_bytes: int = 50 * MB
    # Zip containers (docx, xlsx): total uncompressed size and compression ratio limits.
    max_unpacked_bytes: int = 500 * MB
    max_compression_ratio: float = 200.0
    max_pdf_pages: int = 2000
    # Findings scoring below this are dropped.
    min_score: float = 0.3
    # Language: None means detect per segment ("zh" or "en").
    language: str | None = None
    # Where the publication ledger lives (SQLAlchemy URL); None means no ledger look-up.
    ledger_url: str | None = None
    ledger_secret_file: Path | None = None
    # Per-entity-type mask overrides: entity type -> mask style name or literal label.
    masks: dict = field(default_factory=dict)

    def with_(self, **changes) -> "Config":
        """A copy with some settings changed."""
        return replace(self, **changes)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, **overrides) -> "Config":
        """Defaults, then the YAML file at `path` (if any), then keyword overrides."""
        values: dict = {}
        if path is not None:
            try:
                data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ConfigError(f"{path}: cannot read configuration ({type(exc).__name__})") from None
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: configuration must be a mapping of setting: value")
            values.update(data)
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
        for key in ("rules_dir", "ledger_secret_file"):
            if values.get(key) is not None:
                values[key] = Path(values[key])
        return cls(**values)
