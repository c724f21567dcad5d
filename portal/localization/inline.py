"""Rich text's tags as XLIFF inline codes, and back.

A unit's HTML is read into a small tree: text, paired codes (a start tag and its end tag around
their content) and placeholders (a tag that stands alone: <br/>, an embedded image, or a tag
left unclosed). Codes are numbered in the order their tags appear, so the same source text
always gives the same ids: the file only carries ids, and the original tags, attributes and all,
are taken from the unit's source text on import. A translator's tool therefore cannot change a
link's target, and a tag the file drops or invents is an error naming the unit.

XLIFF 1.2 writes a paired code as <g id="1"> and a placeholder as <x id="2"/>; XLIFF 2.0 as
<pc id="1" dataRefStart="d1" dataRefEnd="e1"> and <ph id="2" dataRef="d2"/>, with the original
tags in the unit's <originalData>, as the 2.0 specification has it.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
VOID = {"br", "embed", "img", "hr", "wbr", "input", "meta", "link", "source", "col", "area"}
# Characters XML 1.0 cannot hold: dropped on export (and from the source text it is compared to).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Code:
    id: str
    name: str
    start: str  # the original tag (a placeholder's whole tag)
    end: str | None = None  # the original end tag; None for a placeholder
    children: list = field(default_factory=list)  # text and codes inside a paired code

    @property
    def paired(self):
        return self.end is not None


class InlineProblem(ValueError):
    """The inline elements of a translation do not match those of its source text."""


def xml_text(text):
    return NOT_XML.sub("", text)


def parse_html(source):
    """The tree of a piece of HTML: a list of text and Code; and {id: Code} of its codes."""
    root, stack, codes, pos = [], [], {}, 0
    for match in TAG.finditer(source):
        _add_text(stack[-1].children if stack else root, source[pos : match.start()])
        pos = match.end()
        raw, closing, name = match.group(0), match.group(1), (match.group(2) or "").lower()
        if closing and stack and stack[-1].name == name:
            stack.pop().end = raw
            continue
        code = Code(str(len(codes) + 1), name, raw)
        codes[code.id] = code
        (stack[-1].children if stack else root).append(code)
        if name and not closing and not raw.endswith("/>") and name not in VOID:
            code.end = ""  # open until its end tag comes
            stack.append(code)
    _add_text(stack[-1].children if stack else root, source[pos:])
    for code in reversed(stack):  # never closed: a placeholder, its content after it
        code.end = None
        _unwrap(root, code)
    return root, codes


def _add_text(nodes, text):
    if text:
        nodes.append(html.unescape(text))


def _unwrap(nodes, code):
    for index, node in enumerate(nodes):
        if node is code:
            nodes[index + 1 : index + 1] = code.children
            code.children = []
            return True
        if isinstance(node, Code) and _unwrap(node.children, code):
            return True
    return False


def shape(nodes):
    """A comparable form of a tree: text and code ids, nested."""
    result, text = [], ""
    for node in nodes:
        if isinstance(node, str):
            text += xml_text(node)
            continue
        if text:
            result.append(text)
            text = ""
        result.append((node.id, node.paired, shape(node.children)))
    if text:
        result.append(text)
    return tuple(result)


def aligned(target, source_codes):
    """The tree of a translation in HTML whose tags are the source's, in the same order, with the
    source's ids; None when its tags differ (so it cannot be written with the source's codes)."""
    nodes, codes = parse_html(target)
    mine = [(c.name, c.paired) for c in codes.values()]
    theirs = [(c.name, c.paired) for c in source_codes.values()]
    return nodes if mine == theirs else None


def plain_nodes(text):
    return [html.unescape(re.sub(r"<[^<>]*>", "", text))]


# --- Writing -----------------------------------------------------------------------------------


def _append_text(element, text):
    text = xml_text(text)
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


KIND_12 = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
KIND_20 = {"a": "link", "embed": "image", "img": "image"}


def write(element, nodes, ns, version, data_refs=True):
    """Append a tree to an lxml element as XLIFF inline content (1.2 g/x, 2.0 pc/ph)."""
    for node in nodes:
        if isinstance(node, str):
            _append_text(element, node)
        elif version == "1.2":
            _write_12(element, node, ns)
        else:
            _write_20(element, node, ns, data_refs)


def _write_12(element, code, ns):
    attrs = {"id": code.id}
    if code.paired:
        attrs["ctype"] = KIND_12.get(code.name, f"x-html-{code.name or 'code'}")
        child = element.makeelement(f"{{{ns}}}g", attrs)
        write(child, code.children, ns, "1.2")
    else:
        kind = {"br": "lb", "embed": "image", "img": "image"}.get(code.name)
        attrs["ctype"] = kind or f"x-html-{code.name or 'code'}"
        child = element.makeelement(f"{{{ns}}}x", attrs)
    element.append(child)


def _write_20(element, code, ns, data_refs):
    attrs = {"id": code.id, "canDelete": "no"}
    kind = KIND_20.get(code.name, "fmt")
    if code.paired:
        if data_refs:
            attrs.update(dataRefStart=f"d{code.id}", dataRefEnd=f"e{code.id}")
        child = element.makeelement(f"{{{ns}}}pc", {**attrs, "type": kind})
        write(child, code.children, ns, "2.0", data_refs)
    else:
        if data_refs:
            attrs["dataRef"] = f"d{code.id}"
        if code.name == "br":
            attrs.update(type="fmt", subType="xlf:lb")
        else:
            attrs["type"] = "image" if kind == "image" else "other"
        child = element.makeelement(f"{{{ns}}}ph", attrs)
    element.append(child)


def original_data(codes):
    """{data id: original tag} for XLIFF 2.0's <originalData>."""
    data = {}
    for code in codes.values():
        data[f"d{code.id}"] = xml_text(code.start)
        if code.paired:
            data[f"e{code.id}"] = xml_text(code.end)
    return data


# --- Reading -----------------------------------------------------------------------------------

PAIRED = {"1.2": "g", "2.0": "pc"}
STANDALONE = {"1.2": "x", "2.0": "ph"}
TRANSPARENT = {"mrk"}  # annotations a tool may add: their content is kept
IGNORED = {"sm", "em"}  # 2.0 annotation markers: nothing to keep


def read(element, version):
    """The tree of an XLIFF source or target element; InlineProblem for elements the portal
    does not write (its tags are only g/x or pc/ph)."""
    nodes = []
    if element.text:
        nodes.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            nodes.extend(_read_child(child, version))
        if child.tail:
            nodes.append(child.tail)
    return nodes


def _read_child(child, version):
    name = child.tag.rpartition("}")[2]
    if name == PAIRED[version]:
        return [Code(child.get("id", ""), "", "", "", read(child, version))]
    if name == STANDALONE[version]:
        return [Code(child.get("id", ""), "", "")]
    if name in TRANSPARENT:
        return read(child, version)
    if name in IGNORED and version == "2.0":
        return []
    if name == "cp" and version == "2.0":
        return [xml_text(chr(int(child.get("hex", "0"), 16)))] if _hex(child) else []
    raise InlineProblem(
        _(
            "The inline element <%(element)s> is not one the portal writes: keep the tags as "
            "they are."
        )
        % {"element": name}
    )


def _hex(child):
    value = child.get("hex", "")
    return bool(re.fullmatch(r"[0-9A-Fa-f]{1,6}", value)) and int(value, 16) <= 0x10FFFF  # noqa: PLR2004


def to_html(nodes, codes, rich):
    """A translation's tree as the text to store: rich text with the source's original tags
    (its text escaped), plain text as it is. InlineProblem when the codes are not the
    source's: unknown, of the wrong kind, repeated or missing."""
    used = set()
    text = _render(nodes, codes, rich, used)
    missing = [code_id for code_id in codes if code_id not in used]
    if missing:
        raise InlineProblem(
            _("The tags of the English text are missing from the translation: %(ids)s.")
            % {"ids": ", ".join(missing)}
        )
    return text


def _render(nodes, codes, rich, used):
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(html.escape(node, quote=False) if rich else node)
            continue
        code = codes.get(node.id)
        if code is None or code.paired != node.paired or node.id in used:
            raise InlineProblem(_inline_message(node, code, used))
        used.add(node.id)
        if code.paired:
            out.append(code.start + _render(node.children, codes, rich, used) + code.end)
        else:
            out.append(code.start)
    return "".join(out)


def _inline_message(node, code, used):
    if code is None:
        return _("The translation has a tag (id %(id)s) that the English text does not have.") % {
            "id": node.id or "?"
        }
    if node.id in used:
        return _("The tag with id %(id)s appears twice in the translation.") % {"id": node.id}
    return _("The tag with id %(id)s is not of the same kind as in the English text.") % {
        "id": node.id
    }
