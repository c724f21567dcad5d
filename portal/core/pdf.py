"""How many pages a PDF has, read without a PDF library and with bounded work.

The page tree's root (`/Type /Pages`) holds the document's page count in `/Count`; it is
either in the file as written or, from PDF 1.5, inside a compressed object stream
(`/Type /ObjStm`, `/FlateDecode`). This reads both: object streams are inflated up to
MAX_INFLATED bytes in all, so a small file cannot expand into gigabytes. The largest `/Count` of
a `/Type /Pages` dictionary is the root's; without one, the `/Type /Page` objects are counted.

`page_count()` returns None for bytes that are not a PDF or show no page at all: the caller
treats that as a damaged or mislabelled file.
"""

import re
import zlib

HEAD_BYTES = 1024  # "%PDF-" may follow a little junk, as readers allow
MAX_INFLATED = 32 * 1024 * 1024
WINDOW = 400  # bytes around "/Type /Pages" where its /Count is looked for

STREAM_START = re.compile(rb"\bobj\b((?:(?!\bendobj\b).){0,2000}?)\bstream\r?\n", re.DOTALL)
PAGES_TYPE = re.compile(rb"/Type\s*/Pages(?![A-Za-z])")
PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
COUNT = re.compile(rb"/Count\s+(\d{1,7})(?!\d)")


def is_pdf(data):
    return b"%PDF-" in data[:HEAD_BYTES]


def _object_streams(data):
    """The inflated contents of the file's compressed object streams, within MAX_INFLATED."""
    budget = MAX_INFLATED
    for match in STREAM_START.finditer(data):
        header = match.group(1)
        if b"/ObjStm" not in header or b"/FlateDecode" not in header:
            continue
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk
        if budget <= 0:
            return


def _count_in(text):
    counts = []
    for match in PAGES_TYPE.finditer(text):
        start = max(0, match.start() - WINDOW)
        window = text[start : match.end() + WINDOW]
        counts.extend(int(found) for found in COUNT.findall(window))
    return max(counts) if counts else 0, len(PAGE_TYPE.findall(text))


def page_count(data):
    """The number of pages of the PDF in `data` (bytes), or None."""
    if not is_pdf(data):
        return None
    best, pages = _count_in(data)
    for text in _object_streams(data):
        tree, leaves = _count_in(text)
        best, pages = max(best, tree), pages + leaves
    found = best or pages
    return found or None


def file_page_count(field_file, limit=None):
    """page_count() of a stored file (a FieldFile), reading at most `limit` bytes."""
    try:
        field_file.open("rb")
        try:
            data = field_file.read(limit) if limit else field_file.read()
        finally:
            field_file.close()
    except (OSError, ValueError):
        return None
    return page_count(data)
