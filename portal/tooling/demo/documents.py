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


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF showing `title` and `paragraphs` (ASCII text; long texts are cut)."""
    commands = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
    max_lines = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT
    for text, size in _lines(title, paragraphs)[:max_lines]:
        safe = text.encode("latin-1", "replace").decode("latin-1")
        commands += [f"/F1 {size} Tf", f"({_escape(safe)}) Tj", f"0 -{LINE_HEIGHT} Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
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
