"""Shared helpers for Office Open XML packages (.docx, .xlsx): safe parsing and document properties.

Every part is parsed with entity resolution, DTD loading and network access off,
and without lxml's huge_tree, so a hostile part cannot expand entities or reach
out. Parse errors name the part and the position, never the content.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from review.errors import CorruptFile
from review.model import Location

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

# Core (docProps/core.xml) text properties that can name people or carry content: element -> field.
CORE_FIELDS = (
    (f"{{{DC_NS}}}creator", "core.creator"), (f"{{{CP_NS}}}lastModifiedBy", "core.last_modified_by"),
    (f"{{{DC_NS}}}title", "core.title"), (f"{{{DC_NS}}}subject", "core.subject"),
    (f"{{{CP_NS}}}keywords", "core.keywords"), (f"{{{DC_NS}}}description", "core.description"),
    (f"{{{CP_NS}}}category", "core.category"), (f"{{{CP_NS}}}contentStatus", "core.content_status"),
    (f"{{{DC_NS}}}identifier", "core.identifier"),
)
# Facts kept in Document.metadata only (dates, counts): not text a reader could be harmed by.
CORE_FACTS = ((f"{{{DCTERMS_NS}}}created", "core.created"), (f"{{{DCTERMS_NS}}}modified", "core.modified"),
              (f"{{{CP_NS}}}lastPrinted", "core.last_printed"), (f"{{{CP_NS}}}revision", "core.revision"))
APP_FIELDS = (("Company", "app.company"), ("Manager", "app.manager"), ("Template", "app.template"),
              ("HyperlinkBase", "app.hyperlink_base"))
APP_FACTS = (("Application", "app.application"), ("AppVersion", "app.app_version"),
             ("TotalTime", "app.total_time"), ("DocSecurity", "app.doc_security"))


# ISO 29500 Strict namespaces (Word's "Strict Open XML Document") -> the transitional ones the loaders use.
STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
)


def xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD, never uses the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def parse_part(archive: zipfile.ZipFile, name: str, path: Path, parser=None):
    """Parse one package part into an element tree root, or raise CorruptFile naming the part."""
    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptFile(str(path), f"part {name} cannot be unpacked ({type(exc).__name__})") from None
    if b"http://purl.oclc.org/ooxml/" in data[:4096]:
        data = _transitional(data)
    try:
        root = etree.fromstring(data, parser or xml_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise CorruptFile(str(path), f"part {name} is not well-formed XML (line {line}, column {column})") from None
    if root is None:
        raise CorruptFile(str(path), f"part {name} is empty")
    check_ignorable(root, name, path)
    return root


def _transitional(data: bytes) -> bytes:
    """A Strict OOXML part with its namespaces renamed to the transitional ones (same elements)."""
    for strict, transitional in STRICT_NAMESPACES:
        data = data.replace(strict, transitional)
    return data


def check_ignorable(root, name: str, path: Path) -> None:
    """Refuse a part whose mc:Ignorable lists undeclared prefixes.

    ECMA-376 Part 3 (Markup Compatibility) section 10.1.1 makes this an error a
    consumer must report, and Word refuses such files ("unreadable content").
    """
    ignorable = root.get(f"{{{MC_NS}}}Ignorable")
    if not ignorable:
        return
    declared = {prefix for prefix in root.nsmap if prefix}
    missing = [p for p in ignorable.split() if p not in declared]
    if missing:
        raise CorruptFile(str(path), f"part {name} is invalid Office Open XML: mc:Ignorable lists "
                                     f"{len(missing)} undeclared namespace prefix(es) ({len(ignorable)} "
                                     f"characters); Word reports such a file as unreadable: repair it in "
                                     f"Word and save it again")


def natural_key(name: str):
    """Sort key that puts header2.xml before header10.xml."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def clean(value: str | None) -> str:
    """Whitespace-collapsed text of a property value ('' when unset)."""
    return " ".join((value or "").split())


def property_pieces(archive: zipfile.ZipFile, path: Path) -> tuple[list, list]:
    """Document properties as (segment pieces, metadata facts) from core, app and custom parts."""
    names = set(archive.namelist())
    pieces, facts = [], []
    if "docProps/core.xml" in names:
        root = parse_part(archive, "docProps/core.xml", path)
        pieces += _fields(root, CORE_FIELDS, "docProps/core.xml")
        facts += [(f, clean(root.findtext(tag))) for tag, f in CORE_FACTS if clean(root.findtext(tag))]
    if "docProps/app.xml" in names:
        root = parse_part(archive, "docProps/app.xml", path)
        qualified = tuple((f"{{{APP_NS}}}{tag}", f) for tag, f in APP_FIELDS)
        pieces += _fields(root, qualified, "docProps/app.xml")
        facts += [(f, clean(root.findtext(f"{{{APP_NS}}}{tag}"))) for tag, f in APP_FACTS
                  if clean(root.findtext(f"{{{APP_NS}}}{tag}"))]
    if "docProps/custom.xml" in names:
        pieces += _custom(parse_part(archive, "docProps/custom.xml", path))
    return pieces, facts


def _fields(root, fields, part: str) -> list:
    """One metadata piece per non-empty property among `fields`."""
    out = []
    for tag, field in fields:
        value = clean(root.findtext(tag))
        if value:
            out.append((value, Location(layer="metadata", part=part, field=field)))
    return out


def _custom(root) -> list:
    """One metadata piece per custom property (field 'custom.<name>'); the value is its text."""
    out = []
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        value = clean(" ".join(prop.itertext()))
        if value:
            field = f"custom.{clean(prop.get('name')) or prop.get('pid', '?')}"
            out.append((value, Location(layer="metadata", part="docProps/custom.xml", field=field)))
    return out


def embedded_parts(names, prefixes=("word/embeddings/", "xl/embeddings/")) -> tuple[str, ...]:
    """Names of embedded objects (OLE objects, packaged files) inside a package."""
    return tuple(sorted((n for n in names if n.startswith(prefixes) and not n.endswith("/")), key=natural_key))
