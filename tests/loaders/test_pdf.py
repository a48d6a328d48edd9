"""The PDF loader: lines with character boxes, pages without text, metadata, annotations, encryption."""
from __future__ import annotations

import pytest

from review.errors import CorruptFile, EncryptedFile, FileTooLarge
from tests.loaders.builders import build_pdf
from tests.loaders.conftest import segments


@pytest.fixture
def pdf(tmp_path):
    """A two-page PDF: text on page 1, a scanned-looking picture on page 2, metadata and a note."""
    return build_pdf(tmp_path / "d.pdf", pages=[["联系电话 13812345678", "Hello world"]], image_pages=[2],
                     metadata={"Author": "张三", "Title": "内部报告"}, annotations=[(1, "李四", "请删除此段")])


def test_one_segment_per_line_with_page_numbers(load_file, pdf):
    document = load_file(pdf)
    assert [(t, loc.page) for t, loc in segments(document, "page")] == [
        ("联系电话 13812345678", 1), ("Hello world", 1)]
    assert document.pages == 2


def test_every_character_has_a_box_inside_its_line(load_file, pdf):
    lines = [s for s in load_file(pdf).segments if s.location.layer == "page"]
    assert lines  # otherwise the loop below proves nothing
    for segment in lines:
        assert len(segment.char_boxes) == len(segment.text)
        x0, y0, x1, y1 = segment.location.bbox
        for bx0, by0, bx1, by1 in segment.char_boxes:
            assert x0 - 0.01 <= bx0 <= bx1 <= x1 + 0.01 and y0 - 0.01 <= by0 <= by1 <= y1 + 0.01
        lefts = [box[0] for box in segment.char_boxes]
        assert lefts == sorted(lefts)  # left to right, spaces included


def test_a_page_without_text_is_reported_not_skipped(load_file, pdf):
    document = load_file(pdf)
    assert "page 2 has no text layer: it cannot be checked without OCR" in document.warnings
    assert document.extra("pages_without_text") == (2,)
    assert document.extra("images")[0][0] == 2


@pytest.mark.parametrize("field, value", [("info.Author", "张三"), ("info.Title", "内部报告")])
def test_metadata_is_a_hidden_layer(load_file, pdf, field, value):
    fields = {loc.field: text for text, loc in segments(load_file(pdf), "metadata")}
    assert fields[field] == value


def test_annotation_contents_and_author(load_file, pdf):
    [(text, loc)] = segments(load_file(pdf), "annotation")
    assert (text, loc.page, loc.author) == ("请删除此段", 1, "李四")


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path, load_file):
    document = load_file(build_pdf(tmp_path / "o.pdf", pages=[["权限受限的文件"]], owner_password="owner"))
    assert segments(document, "page")[0][0] == "权限受限的文件"
    assert document.extra("encrypted") is True


def test_a_pdf_that_needs_a_password_is_refused(tmp_path, load_file):
    with pytest.raises(EncryptedFile, match="password-protected"):
        load_file(build_pdf(tmp_path / "e.pdf", user_password="secret"))


def test_too_many_pages_are_refused(tmp_path, load_file):
    path = build_pdf(tmp_path / "long.pdf", pages=[["一"], ["二"], ["三"]])
    with pytest.raises(FileTooLarge, match="3 pages, over the limit of 2"):
        load_file(path, max_pdf_pages=2)


def test_a_truncated_pdf_is_corrupt(tmp_path, load_file):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<<>>\n")
    with pytest.raises(CorruptFile):
        load_file(path)


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path, load_file):
    path = tmp_path / "renamed.txt"
    path.write_bytes(build_pdf(tmp_path / "d.pdf", pages=[["改名的PDF"]]).read_bytes())
    document = load_file(path)
    assert document.format == "pdf"
    assert segments(document, "page")[0][0] == "改名的PDF"


def test_a_virtual_space_gets_the_gap_between_its_neighbours(tmp_path, load_file):
    from reportlab.pdfgen import canvas

    from tests.loaders.builders_files import PDF_FONT, build_pdf

    build_pdf(tmp_path / "font.pdf")  # registers the CID font
    path = tmp_path / "gap.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(PDF_FONT, 12)
    c.drawString(72, 700, "张三")  # ends at x = 96
    c.drawString(100, 700, "李四")  # a 4 pt gap: pdfminer inserts a space of its own
    c.save()
    [segment] = [s for s in load_file(path).segments if s.location.layer == "page"]
    assert segment.text == "张三 李四"
    assert segment.char_boxes[2][0] == pytest.approx(96) and segment.char_boxes[2][2] == pytest.approx(100)


def test_xmp_metadata_and_link_targets_are_hidden_layers(tmp_path, load_file):
    import pikepdf

    path = build_pdf(tmp_path / "x.pdf", pages=[["正文"]], xmp={"dc:creator": ["王五"], "dc:title": "内部稿"})
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        link = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 700, 200, 720],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("mailto:zhangsan@example.com"))))
        pdf.pages[0].obj.Annots = pikepdf.Array([link])
        pdf.save(path)
    document = load_file(path)
    fields = {loc.field: text for text, loc in segments(document) if loc.hidden}
    assert fields["xmp.dc:creator"] == "王五" and fields["xmp.dc:title"] == "内部稿"
    assert fields["annotation.Link"] == "mailto:zhangsan@example.com"


def test_text_that_cannot_be_decoded_is_reported(tmp_path, load_file):
    from tests.loaders.builders import build_pdf_without_unicode_map

    document = load_file(build_pdf_without_unicode_map(tmp_path / "cid.pdf"))
    assert "page 1 text cannot be decoded (its fonts have no Unicode map): it cannot be checked without OCR" \
        in document.warnings
    assert document.extra("pages_undecodable") == (1,)


def test_decodable_text_is_not_reported_as_undecodable(load_file, pdf):
    assert load_file(pdf).extra("pages_undecodable") == ()
