"""`redact_file` on PDFs: redacted text gone (not covered), the rest still selectable, hidden layers dropped."""
from __future__ import annotations

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from review.redact import redact_file
from review.redact.residue import check_residue
from tests.loaders.builders_files import build_pdf
from tests.redact.pdf_builders import SECRET, append_revision, build_lines, build_scenario

PHONE = "13812345678"


def test_text_removed_in_place_rest_selectable(tmp_path):
    src = build_lines(tmp_path / "in.pdf", [f"Contact: {PHONE} for details", "Nothing secret here"])
    result = redact_file(src, tmp_path / "out.pdf")
    text = extract_text(str(result.output))
    assert PHONE not in text and "for details" in text and "Nothing secret here" in text
    assert result.rasterised_pages == () and check_residue(result.output, [PHONE]) == []


def test_black_boxes_are_painted_where_the_text_was(tmp_path):
    src = build_lines(tmp_path / "in.pdf", [f"Contact: {PHONE} for details"])
    out = redact_file(src, tmp_path / "out.pdf").output
    with pikepdf.open(out) as pdf:
        ops = [str(i.operator) for i in pikepdf.parse_content_stream(pdf.pages[0])]
    assert ops[-3:] == ["re", "f", "Q"] and "rg" in ops


def test_words_after_the_value_keep_their_position(tmp_path):
    from pdfminer.layout import LTChar
    from pdfminer.high_level import extract_pages

    def x_of(path, char):
        for page in extract_pages(str(path)):
            for box in page:
                for line in getattr(box, "_objs", ()):
                    for obj in getattr(line, "_objs", ()):
                        if isinstance(obj, LTChar) and obj.get_text() == char:
                            return round(obj.x0, 2)
    src = build_lines(tmp_path / "in.pdf", [f"Contact: {PHONE} Z"])
    assert x_of(redact_file(src, tmp_path / "out.pdf").output, "Z") == x_of(src, "Z")


def test_chinese_cid_font_is_edited_in_place(tmp_path):
    src = build_pdf(tmp_path / "in.pdf", pages=((f"联系电话{PHONE}，地址不详。",), ("第二页没有秘密",)))
    result = redact_file(src, tmp_path / "out.pdf")
    text = extract_text(str(result.output))
    assert result.rasterised_pages == () and PHONE not in text
    assert "，地址不详。" in text and "第二页没有秘密" in text


def test_text_in_a_form_xobject_rasterises_only_that_page(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "in.pdf"))
    c.beginForm("stamp")
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, f"Contact {PHONE}")
    c.endForm()
    c.doForm("stamp")
    c.showPage()
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Second page stays text")
    c.save()
    result = redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf")
    assert result.rasterised_pages == (1,) and any("rasterised" in note for note in result.notes)
    text = extract_text(str(result.output))
    assert PHONE not in text and "Contact" not in text and "Second page stays text" in text


def test_fake_redaction_text_is_removed(tmp_path):
    src = build_scenario(tmp_path / "fake.pdf", "black_box_over_text")
    out = redact_file(src, tmp_path / "out.pdf").output
    assert SECRET not in extract_text(str(out)) and "Name:" in extract_text(str(out))


def test_metadata_annotations_and_history_dropped(tmp_path):
    src = build_pdf(tmp_path / "in.pdf", pages=((f"电话{PHONE}",),), metadata={"Author": "张三"},
                    annotations=((1, "李四", "批注"),))
    out = redact_file(src, tmp_path / "out.pdf").output
    with pikepdf.open(out) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert all("/Annots" not in page.obj for page in pdf.pages)
    assert out.read_bytes().count(b"%%EOF") == 1


def test_earlier_revision_is_not_carried_over(tmp_path):
    src = append_revision(build_lines(tmp_path / "rev.pdf", ["Kept line", f"Old {PHONE}"]), ["Kept line"])
    out = redact_file(src, tmp_path / "out.pdf").output
    assert PHONE.encode() not in out.read_bytes() and check_residue(out, [PHONE]) == []


@pytest.mark.parametrize("scenario", ["black_box_over_text", "dark_highlight"])
def test_residue_check_sees_text_under_a_box(tmp_path, scenario):
    assert check_residue(build_scenario(tmp_path / "f.pdf", scenario), [SECRET])


@pytest.mark.parametrize("shown", [PHONE, "138 1234 5678"])
def test_word_and_character_spacing_are_kept(tmp_path, shown):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "in.pdf"))
    text = c.beginText(72, 720)
    text.setFont("Helvetica", 12)
    text.setCharSpace(1.5)
    text.setWordSpace(4)
    text.textOut(f"Call {shown} now Z")
    c.drawText(text)
    c.save()
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def z_x(path):
        def walk(obj):
            for child in getattr(obj, "_objs", ()):
                if isinstance(child, LTChar) and child.get_text() == "Z":
                    return child.x0
                found = walk(child)
                if found is not None:
                    return found
        return walk(next(extract_pages(str(path))))
    out = redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf").output
    assert z_x(out) == pytest.approx(z_x(tmp_path / "in.pdf"), abs=0.01)
    remaining = extract_text(str(out)).replace(" ", "")
    assert "1234" not in remaining and "nowZ" in remaining


def test_attachments_are_dropped(tmp_path):
    from tests.redact.pdf_builders import attach

    src = attach(build_lines(tmp_path / "in.pdf", [f"Call {PHONE}"]), "list.txt", f"copy {PHONE}".encode())
    out = redact_file(src, tmp_path / "out.pdf").output
    with pikepdf.open(out) as pdf:
        assert len(pdf.attachments) == 0
    assert b"list.txt" not in out.read_bytes()


def test_rotated_page_box_lands_on_the_glyphs(tmp_path):
    """The loader finds nothing on rotated pages yet, so the document is built by hand from pdfminer's boxes."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    from review.model import Document, Finding, Location, Report
    from review.redact import redact_report

    src = build_lines(tmp_path / "rot.pdf", [f"Contact: {PHONE} for details"])
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(src)
    chars = [c for box in next(extract_pages(str(src))) for line in getattr(box, "_objs", ())
             for c in getattr(line, "_objs", ()) if isinstance(c, LTChar)]
    text = "".join(c.get_text() for c in chars)
    i = text.index(PHONE)
    where = Location(layer="page", page=1)
    doc = Document.build(str(src), "pdf", [(PHONE, where, tuple(c.bbox for c in chars[i:i + 11]))], "0" * 64)
    finding = Finding("r", "personal", "CN_MOBILE", 0, 11, PHONE, where, 1.0, "high", "redact", mask="m")
    result = redact_report(Report(str(src), doc, (finding,)), tmp_path / "out.pdf")
    remaining = extract_text(str(result.output)).replace("\n", "")
    assert result.rasterised_pages == () and "1381" not in remaining and "fordetails" in remaining
