"""CSV / TSV: encoding detected like text files, delimiter sniffed, one segment per non-empty cell."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from review.config import Config
from review.errors import CorruptFile
from review.loaders.txt import decode_text
from review.model import Document, Location

DELIMITERS = ",\t;|"
SNIFF_CHARS = 64 * 1024


def dialect_for(path: Path, text: str):
    """The CSV dialect: sniffed from the first lines, else tab for .tsv and comma for the rest."""
    sample = text[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel


def load(path: Path, data: bytes, config: Config) -> Document:
    """Load a .csv/.tsv file: cells with sheet (the file name), 1-based row and column."""
    from review.loaders import sha256_of

    text, encoding = decode_text(path, data)
    dialect = dialect_for(path, text)
    pieces = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row_number, row in enumerate(reader, start=1):
            for column_number, value in enumerate(row, start=1):
                value = value.strip()
                if value:
                    pieces.append((value, Location(layer="cell", sheet=path.name, row=row_number,
                                                   column=column_number)))
    except csv.Error:  # its message can quote the line: keep only the line number
        raise CorruptFile(str(path), f"the CSV file cannot be parsed (near line {reader.line_num})") from None
    delimiter = {"\t": "tab"}.get(dialect.delimiter, dialect.delimiter)
    return Document.build(str(path), "csv", pieces, sha256_of(data), size=len(data),
                          metadata=(("encoding", encoding), ("delimiter", delimiter)))

