"""Parsing the XML formats translators bring (XLIFF, TMX, TBX) without the XML attacks.

Uploaded XML is hostile until proven otherwise. Declarations of entities, elements, attributes or
notations, and a document type with an internal subset (`<!DOCTYPE x [...]>`), are refused
outright, before any parser sees them: that rules out entity expansion (billion laughs) and
external entities (a file or URL read into the document), whatever a library does by default. A
document type naming only an external DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, as OmegaT and
translate-toolkit write) is accepted and never loaded. What remains is parsed by lxml with
entities, DTD loading, the network and huge trees all off.
"""

import re

from django.utils.translation import gettext as _
from lxml import etree

MAX_XML_BYTES = 20 * 1024 * 1024
DECLARATION = re.compile(rb"<!\s*(ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
# A document type with an internal subset: what follows its name and identifiers is "[".
INTERNAL_SUBSET = re.compile(rb"<!\s*DOCTYPE\b[^>\[]*\[", re.IGNORECASE)


class UnsafeXML(ValueError):
    """The file cannot be read safely or is not well-formed XML; the message says why."""


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
    )


def _as_bytes(data):
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def check(data):
    """The bytes of `data`, or UnsafeXML when it is too large or declares entities."""
    data = _as_bytes(data)
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXML(
            _("The file is larger than %(size)s MB.") % {"size": MAX_XML_BYTES // (1024 * 1024)}
        )
    # UTF-16 files would hide a declaration from a byte search: read them as UTF-8 text first.
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            probe = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnsafeXML(_("The file is not readable text.")) from exc
    if DECLARATION.search(probe) or INTERNAL_SUBSET.search(probe):
        raise UnsafeXML(
            _(
                "The file declares a document type or entities (<!DOCTYPE …>). They are refused "
                "for safety: export the file again without them."
            )
        )
    return data


def parse(data):
    """The root element of `data`, parsed safely; UnsafeXML with the line of the first error."""
    data = check(data)
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXML(
            _("The file is not well-formed XML (line %(line)s: %(reason)s).")
            % {"line": exc.lineno or "?", "reason": exc.msg}
        ) from exc
    except ValueError as exc:
        raise UnsafeXML(
            _("The file is not well-formed XML (%(reason)s).") % {"reason": exc}
        ) from exc


def to_bytes(element):
    """An element serialized as an XML document, UTF-8, with its declaration."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)
