"""Helpers that write body StreamField blocks in their raw (JSON) form.

Images, documents and pages are named by a `Ref` (a key from the demo content); the loader
swaps each one for the database id once the thing it names exists.
"""

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Ref:
    kind: str  # "image", "document" or "page"
    key: str


def image_ref(key):
    return Ref("image", key)


def document_ref(key):
    return Ref("document", key)


def page_ref(key):
    return Ref("page", key)


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(*sentences_or_html):
    """One rich-text block; plain strings become <p> paragraphs, strings starting with '<' are
    kept as they are (lists)."""
    parts = [
        s if s.startswith("<") else f"<p>{escape(s, quote=False)}</p>" for s in sentences_or_html
    ]
    return {"type": "paragraph", "value": "".join(parts)}


def bullets(*items):
    """A <ul> for paragraph()."""
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def image(key, alt_text, caption=""):
    return {
        "type": "image",
        "value": {"image": image_ref(key), "alt_text": alt_text, "caption": caption},
    }


def quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def call_to_action(text, button, page_key=None, url=""):
    return {
        "type": "call_to_action",
        "value": {
            "text": text,
            "button": button,
            "page": page_ref(page_key) if page_key else None,
            "url": url,
        },
    }


def document(key, label=""):
    return {"type": "document", "value": {"document": document_ref(key), "label": label}}


def numbered_list(*items):
    """items: (title, [sub-points]) pairs."""
    return {
        "type": "numbered_list",
        "value": {"items": [{"title": title, "points": list(points)} for title, points in items]},
    }


def data_listing(kind, heading_text="", objective_number=None):
    return {
        "type": "data_listing",
        "value": {"kind": kind, "heading": heading_text, "objective_number": objective_number},
    }
