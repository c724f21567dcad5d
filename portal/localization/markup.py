"""Safety and shape checks for translated HTML, shared by the translator's editor and PO import.

A translation may not carry script: no script, frame or style elements, no event attributes, no
script addresses, checked on the parsed tags and on the raw text. Rich text must keep the source
text's tags, in order, with the same attributes, linking only where the source links.
"""

import re
from html import unescape
from html.parser import HTMLParser

from django.utils.translation import gettext as _

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "frame", "frameset", "applet"}
FORBIDDEN_RAW = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|frame|frameset|applet)\b"
    r"|<[^<>]*[\s\"'/]on[a-z]+\s*="
    r"|\bjavascript:(?!\s)|\bvbscript:(?!\s)",
    re.IGNORECASE,
)
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


class _Tags(HTMLParser):
    """The tags of a piece of HTML, in order: ("<" or "</", name, {attribute: value})."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("<", tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tags.append(("</", tag, {}))


def tags_of(html):
    parser = _Tags()
    parser.feed(html or "")
    parser.close()
    return parser.tags


def unsafe_markup(text):
    """Why `text` could run code in a browser, or "" when it could not."""
    if FORBIDDEN_RAW.search(text) or FORBIDDEN_RAW.search(unescape(text)):
        return _(
            "Scripts, frames, style elements, event attributes (such as onclick) and "
            "javascript: addresses are not allowed."
        )
    for _kind, name, attrs in tags_of(text):
        if name in FORBIDDEN_TAGS:
            return _("A <%(tag)s> element is not allowed.") % {"tag": name}
        for attribute, value in attrs.items():
            if attribute.startswith("on"):
                return _("Event attributes such as %(attribute)s are not allowed.") % {
                    "attribute": attribute
                }
            if UNSAFE_SCHEME.match(re.sub(r"[\s\x00-\x1f]+", "", value)):
                return _("Script addresses such as javascript: are not allowed.")
    return ""


def _link(attrs):
    if "href" in attrs:
        return ("href", attrs["href"])
    if "linktype" in attrs:
        return (attrs["linktype"], attrs.get("id", ""))
    return None


def _shape(tags):
    return [f"{kind}{name}>" for kind, name, _attrs in tags]


def tag_problem(source, target):
    """Why the rich text `target` does not keep the tags and links of `source`, or ""."""
    source_tags, target_tags = tags_of(source), tags_of(target)
    if _shape(source_tags) != _shape(target_tags):
        return _(
            "Keep the HTML tags of the English text: expected %(expected)s, found %(found)s."
        ) % {
            "expected": " ".join(_shape(source_tags)) or "-",
            "found": " ".join(_shape(target_tags)) or "-",
        }
    for (_k, name, source_attrs), (_k2, _n, target_attrs) in zip(
        source_tags, target_tags, strict=True
    ):
        if set(source_attrs) != set(target_attrs):
            return _("Keep the attributes of the <%(tag)s> tag as in the English text.") % {
                "tag": name
            }
    links = {_link(attrs) for _k, name, attrs in source_tags if name == "a"}
    for _k, name, attrs in target_tags:
        if name == "a" and _link(attrs) not in links:
            return _("A link points somewhere the English text does not link to.")
    return ""
