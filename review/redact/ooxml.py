"""An OOXML package in memory: parts by name, relationships, content types; read and written with lxml."""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# No network, no entity expansion: parts come from untrusted files.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


class Package:
    """The parts of a zip package; XML parts parsed on first use and serialised on save."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.order = [info.filename for info in archive.infolist()]
            self.raw = {name: archive.read(name) for name in self.order}
        self.trees: dict[str, etree._Element] = {}

    def names(self) -> list[str]:
        """Part names still in the package, in their original order."""
        return [n for n in self.order if n in self.raw]

    def xml_names(self) -> list[str]:
        """Names of the XML parts (relationships included)."""
        return [n for n in self.names() if n.endswith((".xml", ".rels"))]

    def tree(self, name: str):
        """The parsed root element of an XML part (None when absent)."""
        if name not in self.raw:
            return None
        if name not in self.trees:
            self.trees[name] = etree.fromstring(self.raw[name], PARSER)
        return self.trees[name]

    def drop(self, name: str) -> None:
        """Remove a part, its relationships part and its content-type override."""
        for key in (name, rels_name(name)):
            self.raw.pop(key, None)
            self.trees.pop(key, None)
        types = self.tree("[Content_Types].xml")
        for override in list(types.iter(CT + "Override")) if types is not None else ():
            if override.get("PartName", "").lstrip("/") == name:
                override.getparent().remove(override)

    def drop_relationships(self, source: str, type_suffixes, drop_targets: bool = True) -> list[str]:
        """Remove the relationships of `source` whose type ends with a suffix (and their target parts)."""
        rels = self.tree(rels_name(source))
        removed = []
        for rel in list(rels.iter(REL + "Relationship")) if rels is not None else ():
            if rel.get("Type", "").endswith(tuple(type_suffixes)):
                rels.remove(rel)
                target = resolve(source, rel.get("Target", ""))
                removed.append(target)
                if drop_targets and rel.get("TargetMode") != "External":
                    self.drop(target)
        return removed

    def save(self, out: Path) -> None:
        """Write the package as a new zip (XML parts re-serialised)."""
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in self.names():
                data = self.raw[name]
                if name in self.trees:
                    data = etree.tostring(self.trees[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                archive.writestr(name, data)


def rels_name(part: str) -> str:
    """The relationships part of a part: word/document.xml -> word/_rels/document.xml.rels."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name, relative to the source part's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(folder, target))


def remove(element) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        prev = element.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def unwrap(element) -> None:
    """Replace an element by its children (w:ins accepted: its runs stay, the wrapper goes)."""
    parent = element.getparent()
    index = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(index, child)
    parent.remove(element)
