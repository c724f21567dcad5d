"""A tiny PDF writer for the demo's downloadable documents (one page of plain text, no fonts
embedded: Helvetica is one of the 14 standard PDF fonts every reader has)."""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE_HEIGHT = 15
WRAP = 88


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(title: str, paragraphs: list[str]) -> list[tuple[str, int]]:
    """(text, font size) per line: the title, then the wrapped paragraphs."""
    lines = [(title, 16), ("", 11)]
    for paragraph in paragraphs:
        indent = "    " if paragraph.startswith("- ") else ""
        wrapped = textwrap.wrap(paragraph, WRAP, subsequent_indent=indent) or [""]
        lines.extend((line, 11) for line in wrapped)
        lines.append(("", 11))
    return lines


def _page_stream(title: str, paragraphs: list[str]) -> bytes:
    commands = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
    max_lines = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT
    for text, size in _lines(title, paragraphs)[:max_lines]:
        safe = text.encode("latin-1", "replace").decode("latin-1")
        commands += [f"/F1 {size} Tf", f"({_escape(safe)}) Tj", f"0 -{LINE_HEIGHT} Td"]
    commands.append("ET")
    return "\n".join(commands).encode("latin-1")


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF showing `title` and `paragraphs` (ASCII text; long texts are cut)."""
    return make_pages_pdf([(title, paragraphs)])


def make_pages_pdf(pages: list[tuple[str, list[str]]]) -> bytes:
    """A PDF of one page per (heading, paragraphs), in Latin-1 text (other characters become
    "?"); each page's text is cut at the bottom of the page."""
    count = len(pages)
    font = 3 + 2 * count  # catalog, page tree, then a page and its contents per page, the font
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count)), count),
    ]
    for i, (title, paragraphs) in enumerate(pages):
        stream = _page_stream(title, paragraphs)
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Contents {4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
