"""Fixture builders: small documents made in code, with every hidden layer the loaders read.

Reusable by other tests: `from tests.loaders.builders import build_docx, build_pdf, ...`.
Each function writes `path` and returns it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DATE = "2024-01-02T03:04:05Z"


def _t(text: str) -> str:
    """A w:t element that keeps its spaces."""
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _p(inner: str) -> str:
    """A w:p element with the namespaces declared (for appending to a python-docx body)."""
    return f"<w:p {NS}>{inner}</w:p>"


def _run(text: str, rpr: str = "") -> str:
    """One run, with optional run properties XML."""
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{_t(text)}</w:r>"


def deletion_xml(visible: str, deleted: str, author: str) -> str:
    """A paragraph with visible text followed by a tracked deletion."""
    return _p(_run(visible) + f'<w:del w:id="901" w:author="{escape(author)}" w:date="{DATE}">'
              f'<w:r><w:delText xml:space="preserve">{escape(deleted)}</w:delText></w:r></w:del>')


def insertion_xml(visible: str, inserted: str, author: str) -> str:
    """A paragraph with visible text followed by a tracked insertion."""
    return _p(_run(visible) + f'<w:ins w:id="902" w:author="{escape(author)}" w:date="{DATE}">'
              f"{_run(inserted)}</w:ins>")


def textbox_xml(text: str) -> str:
    """A paragraph anchoring a text box, stored twice (DrawingML choice and VML fallback) as Word does."""
    box = f"<w:txbxContent><w:p>{_run(text)}</w:p></w:txbxContent>"
    drawing = ('<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
               'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
               '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
               '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
               '<wp:extent cx="1828800" cy="457200"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>'
               '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:spPr/><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    fallback = f'<w:pict><v:shape style="width:144pt;height:36pt"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
    return _p(_run("文本框锚点") + f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
              f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>")


def _append(doc, xml: str) -> None:
    """Append a raw w:p before the body's section properties."""
    from docx.oxml import parse_xml

    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def build_docx(path, body=("正文第一段。",), *, tables=(), headers=(), footers=(), footnotes=(),
               comments=(), deleted=(), inserted=(), hidden=(), invisible=(), tiny=(), textboxes=(),
               author="张三", last_modified_by="李四", company=None, manager=None, template=None,
               title=None, custom=None, change_author="王五", embedded=()) -> Path:
    """A .docx with body paragraphs (a str, or a list of str for text split across runs) and hidden layers.

    comments: (author, text) pairs anchored on the first body paragraph; deleted / inserted /
    hidden / invisible (white) / tiny (1 pt) / textboxes: one paragraph each; tables: lists of rows.
    """
    import docx

    doc = docx.Document()
    for paragraph in body:
        p = doc.add_paragraph()
        for piece in ([paragraph] if isinstance(paragraph, str) else paragraph):
            p.add_run(piece)
    for rows in tables:
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    _raw_paragraphs(doc, deleted, inserted, hidden, invisible, tiny, textboxes, change_author)
    _headers_footers(doc, headers, footers)
    for comment_author, text in comments:
        doc.add_comment(doc.paragraphs[0].runs or [doc.paragraphs[0].add_run("批注处")], text=text,
                        author=comment_author, initials=comment_author[:1])
    core = doc.core_properties
    core.author, core.last_modified_by = author, last_modified_by
    if title:
        core.title = title
    doc.save(path)
    _package_extras(Path(path), footnotes, company, manager, template, custom, embedded)
    return Path(path)


def _raw_paragraphs(doc, deleted, inserted, hidden, invisible, tiny, textboxes, change_author) -> None:
    """One raw-XML paragraph per hidden-layer item, in that order."""
    for text in deleted:
        _append(doc, deletion_xml("保留的文字", text, change_author))
    for text in inserted:
        _append(doc, insertion_xml("原有文字", text, change_author))
    for text in hidden:
        _append(doc, _p(_run("可见文字") + _run(text, "<w:vanish/>")))
    for text in invisible:
        _append(doc, _p(_run("可见文字") + _run(text, '<w:color w:val="FFFFFF"/>')))
    for text in tiny:
        _append(doc, _p(_run("可见文字") + _run(text, '<w:sz w:val="2"/>')))
    for text in textboxes:
        _append(doc, textbox_xml(text))


def _headers_footers(doc, headers, footers) -> None:
    """Header and footer paragraphs of the first section."""
    section = doc.sections[0]
    for text in headers:
        section.header.add_paragraph(text)
    for text in footers:
        section.footer.add_paragraph(text)


def _package_extras(path: Path, footnotes, company, manager, template, custom, embedded) -> None:
    """Add what python-docx cannot write: footnotes, app and custom properties, embedded objects."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if footnotes:
        _add_footnotes(parts, footnotes)
    if company or manager or template:
        _edit_app(parts, company, manager, template)
    if custom:
        _add_custom(parts, custom)
    for index, payload in enumerate(embedded, start=1):
        parts[f"word/embeddings/oleObject{index}.bin"] = payload
        _content_type(parts, '<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
                             'officedocument.oleObject"/>')
    write_zip(path, parts)


def _add_footnotes(parts: dict, footnotes) -> None:
    """word/footnotes.xml with Word's two separator notes, its relationship and references in the body."""
    notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote>']
    refs = ""
    for index, text in enumerate(footnotes, start=1):
        notes.append(f'<w:footnote w:id="{index}"><w:p>{_run(text)}</w:p></w:footnote>')
        refs += f'<w:r><w:footnoteReference w:id="{index}"/></w:r>'
    parts["word/footnotes.xml"] = f'<?xml version="1.0"?><w:footnotes {NS}>{"".join(notes)}</w:footnotes>'.encode()
    doc = parts["word/document.xml"].decode()
    parts["word/document.xml"] = doc.replace("<w:sectPr", f"<w:p>{_run('见脚注')}{refs}</w:p><w:sectPr", 1).encode()
    _relationship(parts, "word/_rels/document.xml.rels", "rIdFn1", f"{REL_TYPES}/footnotes", "footnotes.xml")
    _content_type(parts, '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.footnotes+xml"/>')


def _edit_app(parts: dict, company, manager, template) -> None:
    """Set Company, Manager and Template in docProps/app.xml."""
    import re

    app = parts["docProps/app.xml"].decode()
    for tag, value in (("Company", company), ("Manager", manager), ("Template", template)):
        if value is None:
            continue
        app = re.sub(rf"\s*<{tag}\s*/>|\s*<{tag}>.*?</{tag}>", "", app, flags=re.S)
        app = app.replace("</Properties>", f"<{tag}>{escape(value)}</{tag}></Properties>")
    parts["docProps/app.xml"] = app.encode()


def _add_custom(parts: dict, custom: dict) -> None:
    """docProps/custom.xml with one string property per item."""
    props = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k)}">'
                    f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
                    for i, (k, v) in enumerate(custom.items(), start=2))
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{props}</Properties>").encode()
    _relationship(parts, "_rels/.rels", "rIdCustom1", f"{REL_TYPES}/custom-properties", "docProps/custom.xml")
    _content_type(parts, '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.custom-properties+xml"/>')


def _relationship(parts: dict, rels: str, rid: str, rel_type: str, target: str) -> None:
    """Add one relationship to a .rels part."""
    xml = parts[rels].decode()
    parts[rels] = xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{rel_type}" '
                                                  f'Target="{target}"/></Relationships>').encode()


def _content_type(parts: dict, entry: str) -> None:
    """Add one Default or Override entry to [Content_Types].xml (once)."""
    xml = parts["[Content_Types].xml"].decode()
    if entry not in xml:
        parts["[Content_Types].xml"] = xml.replace("</Types>", entry + "</Types>").encode()


def write_zip(path, parts: dict, compression=zipfile.ZIP_DEFLATED) -> Path:
    """Write a zip from {name: bytes}."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return Path(path)


def build_docx_from_xml(path, body_xml: str, extra_parts: dict | None = None) -> Path:
    """A minimal .docx whose w:body is `body_xml` (for edge cases python-docx cannot write)."""
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body_xml}</w:body></w:document>'
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": document.encode()}
    parts.update(extra_parts or {})
    return write_zip(path, parts)


CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 b"</Types>")
ROOT_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def build_zip_bomb(path, unpacked_bytes: int = 5 * 1024 * 1024) -> Path:
    """A .docx whose word/document.xml unpacks to `unpacked_bytes` of whitespace (kilobytes on disk)."""
    filler = b" " * unpacked_bytes
    document = (f'<?xml version="1.0"?><w:document {NS}><w:body><w:p>{_run("炸弹")}</w:p>'.encode()
                + filler + b"</w:body></w:document>")
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": document}
    return write_zip(path, parts)


from tests.loaders.builders_files import (  # noqa: E402  (one import point for every builder)
    build_corrupt_zip, build_csv, build_ole2, build_pdf, build_png, build_text, build_xlsx, mark_zip_encrypted,
    build_pdf_without_unicode_map,
)

__all__ = ["build_docx", "build_docx_from_xml", "build_zip_bomb", "write_zip", "build_pdf", "build_xlsx",
           "build_text", "build_csv", "build_ole2", "build_png", "build_corrupt_zip", "mark_zip_encrypted",
           "build_pdf_without_unicode_map"]
