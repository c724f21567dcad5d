"""Rich text as a translator edits it: plain text, with the tags as numbered tokens.

``<p>We give <b>free</b> advice in <a href="…">many tongues</a>.</p>`` is edited as
``{1}We give {2}free{/2} advice in {3}many tongues{/3}.{/1}``, as CAT tools do: a paired tag is
``{n}…{/n}``, an empty one (a line break, an embedded image) ``{n/}``. Token n always stands for
the n-th tag of the source text, with its exact attributes, so a translator moves words around
the tags but can neither change where a link points nor drop or break a tag: missing, unknown,
duplicated, misplaced or badly nested tokens are refused (`TokenError`).

The text between the tokens is plain text: ``&`` or ``<`` typed by a translator is written to the
HTML as ``&amp;`` and ``&lt;``, and the source's own entities are shown as the characters they
stand for. Each block (paragraph, heading, list item) starts on its own line; whitespace between
blocks is layout, not text, and is left out of the HTML. A text that looks like a token (``{2}``)
is read as one: rich text that means it literally cannot be translated here.
"""

import json
import re
from dataclasses import dataclass
from functools import cached_property
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from portal.localization.markup import tag_problem

TOKEN = re.compile(r"\{(/?)(\d+)(/?)\}")
VOID = {"br", "hr", "img", "embed", "input", "wbr", "source", "col", "area", "meta", "link"}
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "blockquote", "div", "hr", "embed", "figure", "table", "tr", "td", "th",
}  # fmt: skip


# What is wrong with a translation's tokens: said by the server (check) and, live as the
# translator types, by the editor's script (static/admin/js/translations.js), from the same text.
MESSAGES = {
    "unknown": gettext_lazy("These tags are not in the English text: %(tokens)s."),
    "twice": gettext_lazy("Each tag once: %(tokens)s is there more than once."),
    "missing": gettext_lazy("Missing tags: %(tokens)s."),
    "nesting": gettext_lazy(
        "Badly nested tags at %(tokens)s: close each tag inside the one around it."
    ),
    "order": gettext_lazy("Keep the tags in the order of the English text: %(tokens)s."),
    "ok": gettext_lazy("All the tags of the English text are in place."),
}


class TokenError(ValueError):
    """Token text that does not keep the tags of its source: the message says what is wrong."""


@dataclass(frozen=True)
class Tag:
    """One tag of a rich text, as a token."""

    number: int
    name: str
    attrs: tuple  # ((name, value), ...) as written
    start: str  # the tag as the source writes it: "<a href=…>", "<br/>", or a stray "</b>"
    paired: bool  # has an end tag: {n}…{/n}; else {n/}

    @property
    def open(self):
        return f"{{{self.number}}}" if self.paired else f"{{{self.number}/}}"

    @property
    def close(self):
        return f"{{/{self.number}}}"

    @property
    def end(self):
        return f"</{self.name}>" if self.paired else ""

    @property
    def block(self):
        return self.name in BLOCKS

    @property
    def label(self):
        return f"{self.open}…{self.close}" if self.paired else self.open


# --- HTML to tokens ----------------------------------------------------------------------------


class _Events(HTMLParser):
    """A rich text as events: ["start", name, attrs, raw], ["end", name], ["text", text]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []

    def handle_starttag(self, tag, attrs):
        self.events.append(["start", tag, tuple(attrs), self.get_starttag_text(), tag in VOID])

    def handle_startendtag(self, tag, attrs):
        self.events.append(["start", tag, tuple(attrs), self.get_starttag_text(), True])

    def handle_endtag(self, tag):
        self.events.append(["end", tag])

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1][1] += data
        else:
            self.events.append(["text", data])


def _events(html):
    parser = _Events()
    parser.feed(html or "")
    parser.close()
    return parser.events


def _pairs(events):
    """{index of a start event: index of its end event}, for well-nested tags; the others are
    empty tags (a void element, a tag never closed, an end tag without a start)."""
    pairs, stack = {}, []
    for index, event in enumerate(events):
        if event[0] == "start" and not event[4]:
            stack.append(index)
        elif event[0] == "end":
            names = [events[i][1] for i in stack]
            if event[1] in names:
                depth = len(names) - 1 - names[::-1].index(event[1])
                pairs[stack[depth]] = index
                del stack[depth:]
    return pairs


def _pieces(html):
    """The rich text as a list of ("text", str) and (Tag, "open" | "close") pieces."""
    events = _events(html)
    pairs = _pairs(events)
    closes = {end: start for start, end in pairs.items()}
    tags, pieces = {}, []
    for index, event in enumerate(events):
        if event[0] == "text":
            pieces.append(("text", event[1]))
        elif index in closes:
            pieces.append((tags[closes[index]], "close"))
        else:
            if event[0] == "start":
                tag = Tag(len(tags) + 1, event[1], event[2], event[3], index in pairs)
            else:  # an end tag without its start
                tag = Tag(len(tags) + 1, event[1], (), f"</{event[1]}>", paired=False)
            tags[index] = tag
            pieces.append((tag, "open"))
    return pieces, list(tags.values())


def _at_block_edge(pieces, index, step):
    """Whether the piece next to `index` (before it: step -1, after it: +1) is a block's tag or
    the edge of the text."""
    neighbour = index + step
    if neighbour < 0 or neighbour >= len(pieces):
        return True
    piece = pieces[neighbour]
    return piece[0] != "text" and piece[0].block


def _layout(pieces):
    """Leave out whitespace that only separates blocks."""
    return [
        piece
        for index, piece in enumerate(pieces)
        if piece[0] != "text"
        or piece[1].strip()
        or not (_at_block_edge(pieces, index, -1) and _at_block_edge(pieces, index, 1))
    ]


def to_tokens(html):
    """(token text, [Tag]) of a rich text: its tags numbered in order, its text as characters."""
    pieces, tags = _pieces(html)
    out, after_block = [], False
    for piece, role in _layout(pieces):
        if piece == "text":
            out.append(role)
            after_block = False
            continue
        if piece.block and role == "open" and after_block:
            out.append("\n")  # a block after a block starts on its own line
        out.append(piece.open if role == "open" else piece.close)
        after_block = piece.block
    return "".join(out), tags


def expected(html):
    """The tokens of a rich text in the order a translation must have them."""
    return _written(_pieces(html)[0])


# --- Tokens to HTML ----------------------------------------------------------------------------


def _read(text, tags):
    """The pieces of token text: ("text", str) and (Tag, "open" | "close"), and the tokens that
    name no tag of the source."""
    by_number = {tag.number: tag for tag in tags}
    pieces, unknown, position = [], [], 0
    for match in TOKEN.finditer(text):
        pieces.append(("text", text[position : match.start()]))
        position = match.end()
        closing, number, empty = match.group(1), int(match.group(2)), match.group(3)
        tag = by_number.get(number)
        if tag is None or (closing and empty) or (tag.paired == bool(empty)):
            unknown.append(match.group(0))
            continue
        pieces.append((tag, "close" if closing else "open"))
    pieces.append(("text", text[position:]))
    return [p for p in pieces if p[0] != "text" or p[1]], unknown


def _written(found):
    return [tag.open if role == "open" else tag.close for tag, role in found if tag != "text"]


def _nesting_problem(found):
    """The first closing token that does not close the innermost open tag, or ""."""
    stack = []
    for tag, role in found:
        if tag == "text" or not tag.paired:
            continue
        if role == "open":
            stack.append(tag)
        elif not stack or stack[-1] is not tag:
            return tag.close
        else:
            stack.pop()
    return ""


def _problem(found, unknown, order):
    """(kind of problem, tokens it is about), or None."""
    if unknown:
        return "unknown", unknown
    written = _written(found)
    twice = [token for token in dict.fromkeys(written) if written.count(token) > 1]
    if twice:
        return "twice", twice
    missing = [token for token in order if token not in written]
    if missing:
        return "missing", missing
    misplaced = _nesting_problem(found)
    if misplaced:
        return "nesting", [misplaced]
    if written != order:
        return "order", order
    return None


def check(found, unknown, order):
    """Raise TokenError unless the pieces `found` have the tokens of `order` (the source's, in
    its order), each once and well nested; `unknown` are tokens that name no tag of it."""
    problem = _problem(found, unknown, order)
    if problem:
        kind, tokens = problem
        raise TokenError(str(MESSAGES[kind]) % {"tokens": " ".join(tokens)})


def from_tokens(text, source_html):
    """The HTML of token text written against `source_html`: token n becomes the source's n-th
    tag, exactly as the source writes it; the text between them is escaped. Raises TokenError
    when the tokens are not the source's, each once, well nested and in the source's order."""
    if not text.strip():
        return ""
    pieces, tags = _pieces(source_html)
    found, unknown = _read(text, tags)
    check(found, unknown, _written(pieces))
    out = []
    for piece, role in _layout(found):
        if piece == "text":
            out.append(escape(role, quote=False))
        else:
            out.append(piece.start if role == "open" else piece.end)
    return "".join(out)


def read(kind, source, text):
    """(HTML to save, [error]) for what a translator typed in a unit's box: rich text units
    are typed as tokens, other units as they are."""
    if kind != "richtext":
        return text, []
    try:
        return from_tokens(text, source), []
    except TokenError as error:
        return text, [str(error)]


def for_box(kind, text, whole=True):
    """A translation as it goes into a unit's box: rich text in tokens. `whole` is False for a
    memory entry of one sentence, which is plain text already."""
    if kind != "richtext" or not whole:
        return text
    return to_tokens(text)[0]


# --- What the editor shows ---------------------------------------------------------------------

NEW_TAB = re.compile(r"<a\b(?![^>]*\btarget=)")


def _link_target(attrs):
    if "href" in attrs:
        return attrs["href"]
    linktype, pk = attrs.get("linktype"), attrs.get("id", "")
    model = {"page": Page, "document": get_document_model()}.get(linktype)
    if model is not None and pk.isdigit():
        found = model._default_manager.filter(pk=pk).first()
        if found is not None:
            title = found.specific.get_admin_display_title() if model is Page else found.title
            return f"“{title}”"
    return f"{linktype} {pk}".strip()


def meaning(tag):
    """What a tag does, in a few words for the translator."""
    attrs = dict(tag.attrs)
    if tag.name == "a":
        return _("link to %(target)s") % {"target": _link_target(attrs)}
    if tag.name == "embed":
        return _("image") if attrs.get("embedtype") == "image" else _("embedded media")
    names = {
        "p": _("paragraph"), "b": _("bold"), "strong": _("bold"), "i": _("italic"),
        "em": _("italic"), "ul": _("bulleted list"), "ol": _("numbered list"),
        "li": _("list item"), "br": _("line break"),
    }  # fmt: skip
    if tag.name in names:
        return names[tag.name]
    if re.fullmatch(r"h[1-6]", tag.name):
        return _("heading")
    return f"<{tag.name}>"


def render_source(source_html):
    """The source as a reader sees it; its links open in a new tab, away from the editor."""
    return NEW_TAB.sub('<a target="_blank" rel="noopener noreferrer"', expand_db_html(source_html))


@dataclass
class Editing:
    """A rich text unit in the editor: its source, and its translation as tokens."""

    source: str
    target: str
    entered: str | None = None  # what the translator typed, shown again when it was refused

    @cached_property
    def source_tokens(self):
        return to_tokens(self.source)

    @property
    def rendered(self):
        return mark_safe(render_source(self.source))  # noqa: S308 (the site's own rich text)

    @property
    def source_text(self):
        return self.source_tokens[0]

    @cached_property
    def tags(self):
        return [(tag, meaning(tag)) for tag in self.source_tokens[1]]

    @property
    def sequence_json(self):
        return json.dumps(expected(self.source))

    @property
    def messages_json(self):
        return json.dumps({kind: str(message) for kind, message in MESSAGES.items()})

    @property
    def text(self):
        return self.entered if self.entered is not None else to_tokens(self.target)[0]

    @property
    def rows(self):
        """Lines enough for the longer of the source and the translation, as it wraps."""
        longer = max(self.source_text, self.text, key=len)
        lines = sum(1 + len(line) // 60 for line in longer.split("\n"))
        return min(max(lines + 1, 4), 24)

    @property
    def warning(self):
        """Why the saved translation's tags do not line up with the source's, or ""."""
        if self.entered is not None or not self.target.strip():
            return ""
        if tag_problem(self.source, self.target):
            return _(
                "The tags of the saved translation do not match the English text: check the "
                "numbered tags before saving."
            )
        return ""
