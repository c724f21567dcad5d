"""XLIFF files for translators' tools (CAT tools): export one language, import it back.

The export carries the same units as a PO file (po.export_items: the site, an office or a page,
optionally only the missing or outdated texts, optionally pre-filled from the translation
memory), in XLIFF 1.2 (what most CAT tools read) or XLIFF 2.0:

- a unit's id is its context, as a PO file's msgctxt (in 2.0, where an id cannot hold "/", the
  path's slashes are written as "-", which no context contains; `name` has the context as is);
- its note is the description a PO file gives as a comment;
- rich text's tags are inline codes (see inline.py), which CAT tools protect;
- its state: translated; outdated (1.2 "needs-translation", 2.0 "initial" with subState
  "portal:outdated"); pre-filled from the memory (1.2 "needs-review-translation" and an
  <alt-trans> with the match, 2.0 "initial" with subState "portal:prefilled" and the matches
  module's <mtc:match>); no target when there is nothing to offer.

The import reads the file with safexml (no document types, entities or network), turns each unit
into a po.Entry and runs the PO import's own checks and all-or-nothing write (po.import_entries),
so the report is the PO import's. Only units the translator confirmed are written: 1.2 targets
in state translated, final or signed-off (or with no state), 2.0 segments in state translated,
reviewed or final; the others count as fuzzy, as in a PO file, so a pre-filled match is never
imported unreviewed.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from portal.localization import inline, memory, po, safexml
from portal.localization.units import SOURCE_LANGUAGE, units

NS = {
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
}
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
VERSIONS = ("1.2", "2.0")
WRITTEN = {
    "1.2": {"translated", "final", "signed-off", None},
    "2.0": {"translated", "reviewed", "final"},
}
TOOL = "migration-portal"
# Elements whose content is text: never indented (whitespace there would be content).
TEXT_ELEMENTS = {"source", "target", "note", "data"}


def unit_id(context, version):
    return context if version == "1.2" else context.replace("/", "-")


def context_of(unit_id_value, version):
    return unit_id_value if version == "1.2" else unit_id_value.replace("-", "/")


# --- Export ------------------------------------------------------------------------------------


class _Unit:
    """What one exported unit shows: its tree of text and codes, and its translation's."""

    def __init__(self, item):
        self.item = item
        unit = item.unit
        if unit.kind == "richtext":
            self.nodes, self.codes = inline.parse_html(unit.source)
        else:
            self.nodes, self.codes = [unit.source], {}
        self.target = self.tree(unit.target) if unit.target.strip() else None
        self.review = False  # the target's tags could not be kept: it needs review
        if self.target is None and unit.target.strip():
            self.target, self.review = inline.plain_nodes(unit.target), True

    def tree(self, text):
        if self.item.unit.kind != "richtext":
            return [text]
        return inline.aligned(text, self.codes)

    def match_trees(self):
        """The memory match's source and target as trees (with this unit's codes when their
        tags are the source's, else as plain text)."""
        entry = self.item.match.entry
        source = self.tree(entry.source_text) or inline.plain_nodes(entry.source_text)
        target = self.tree(entry.target_text) or inline.plain_nodes(entry.target_text)
        return source, target


def export_xliff(lang, version="1.2", **options):
    """The XLIFF document (bytes, UTF-8) of the units export_po would write, `version` 1.2 or
    2.0; `options` are export_po's: scope, objects, only, prefill (see po.export_items)."""
    items = po.export_items(lang, **options)
    objects = options.get("objects")
    name = "portal-" + (f"page-{objects[0].pk}" if objects else "site")
    return xliff_document(version, [(lang, items)], name)


def xliff_document(version, parts, name):
    """The XLIFF document (bytes) of export items, `parts` being [(language, items)]: in 1.2
    one <file> per language, in 2.0 (one target language per document) a single part."""
    if version == "2.0" and len(parts) != 1:
        raise ValueError("An XLIFF 2.0 document has one target language.")
    document = _document_12 if version == "1.2" else _document_20
    with translation.override(SOURCE_LANGUAGE):
        root = document(*parts[0], name)
        for lang, items in parts[1:]:
            root.append(document(lang, items, name)[0])  # its <file>
    _indent(root)
    return safexml.to_bytes(root)


def _document_12(lang, items, name):
    ns = NS["1.2"]
    root = etree.Element(f"{{{ns}}}xliff", nsmap={None: ns}, version="1.2")
    file = etree.SubElement(
        root,
        f"{{{ns}}}file",
        original=name,
        datatype="html",
        date=timezone.now().replace(microsecond=0).isoformat(),
        **{"source-language": SOURCE_LANGUAGE, "target-language": lang},
    )
    header = etree.SubElement(file, f"{{{ns}}}header")
    etree.SubElement(header, f"{{{ns}}}tool", {"tool-id": TOOL, "tool-name": po.GENERATOR})
    body = etree.SubElement(file, f"{{{ns}}}body")
    for item in items:
        _unit_12(body, _Unit(item), ns)
    return root


def _unit_12(body, view, ns):
    item = view.item
    attrs = {"id": item.unit.context, "resname": item.unit.context}
    attrs["datatype"] = "html" if item.unit.kind == "richtext" else "plaintext"
    element = etree.SubElement(body, f"{{{ns}}}trans-unit", attrs)
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    inline.write(etree.SubElement(element, f"{{{ns}}}source"), view.nodes, ns, "1.2")
    target = _target_12(element, view, ns)
    etree.SubElement(element, f"{{{ns}}}note", {"from": TOOL}).text = po._describe(
        item.obj, item.unit
    )
    if item.outdated:
        etree.SubElement(element, f"{{{ns}}}note", {"from": TOOL}).text = _outdated_note()
    if item.match is not None:
        match = item.match
        alt = etree.SubElement(
            element,
            f"{{{ns}}}alt-trans",
            {"match-quality": str(min(match.score, 100)), "origin": po.match_origin(match)},
        )
        source_tree, target_tree = view.match_trees()
        inline.write(etree.SubElement(alt, f"{{{ns}}}source"), source_tree, ns, "1.2")
        inline.write(etree.SubElement(alt, f"{{{ns}}}target"), target_tree, ns, "1.2")
        if target is None:
            target = etree.Element(f"{{{ns}}}target")
            element.insert(1, target)
            inline.write(target, target_tree, ns, "1.2")
            target.set("state", "needs-review-translation")
            target.set("state-qualifier", _qualifier(match))


def _target_12(element, view, ns):
    if view.target is None:
        return None
    target = etree.SubElement(element, f"{{{ns}}}target")
    inline.write(target, view.target, ns, "1.2")
    if view.item.outdated:
        target.set("state", "needs-translation")
    elif view.review:
        target.set("state", "needs-review-translation")
    else:
        target.set("state", "translated")
    return target


def _qualifier(match):
    if match.score == memory.IN_CONTEXT:
        return "id-match"
    return "exact-match" if match.score == memory.EXACT else "fuzzy-match"


def _outdated_note():
    return _(
        "Outdated: the English text has changed since this translation was written. "
        "Update the translation."
    )


def _document_20(lang, items, name):
    ns = NS["2.0"]
    root = etree.Element(
        f"{{{ns}}}xliff",
        nsmap={None: ns, "mtc": MTC},
        version="2.0",
        srcLang=SOURCE_LANGUAGE,
        trgLang=lang,
    )
    file = etree.SubElement(root, f"{{{ns}}}file", id="f1", original=name)
    for item in items:
        _unit_20(file, _Unit(item), ns)
    return root


def _unit_20(file, view, ns):
    item = view.item
    element = etree.SubElement(
        file,
        f"{{{ns}}}unit",
        id=unit_id(item.unit.context, "2.0"),
        name=item.unit.context,
        canResegment="no",
    )
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if item.match is not None:
        _matches_20(element, view, ns)
    notes = etree.SubElement(element, f"{{{ns}}}notes")
    description = po._describe(item.obj, item.unit)
    etree.SubElement(notes, f"{{{ns}}}note", category="description").text = description
    if item.outdated:
        etree.SubElement(notes, f"{{{ns}}}note", category="outdated").text = _outdated_note()
    if view.codes:
        original = etree.SubElement(element, f"{{{ns}}}originalData")
        for data_id, tag in inline.original_data(view.codes).items():
            etree.SubElement(original, f"{{{ns}}}data", id=data_id).text = tag
    segment = etree.SubElement(element, f"{{{ns}}}segment", id="s1")
    inline.write(etree.SubElement(segment, f"{{{ns}}}source"), view.nodes, ns, "2.0")
    target_tree, state = view.target, "translated"
    if item.outdated:
        state, segment.attrib["subState"] = "initial", "portal:outdated"
    elif view.review:
        state = "initial"
    elif target_tree is None and item.match is not None:
        target_tree = view.match_trees()[1]
        state, segment.attrib["subState"] = "initial", "portal:prefilled"
    if target_tree is not None:
        inline.write(etree.SubElement(segment, f"{{{ns}}}target"), target_tree, ns, "2.0")
        segment.set("state", state)


def _matches_20(element, view, ns):
    match = view.item.match
    matches = etree.SubElement(element, f"{{{MTC}}}matches")
    found = etree.SubElement(
        matches,
        f"{{{MTC}}}match",
        ref="#s1",
        matchQuality=f"{min(match.score, 100):.1f}",
        type="tm",
        origin=po.match_origin(match),
    )
    source_tree, target_tree = view.match_trees()
    # The codes of a match refer to no <originalData> of its own: written without data refs.
    inline.write(etree.SubElement(found, f"{{{ns}}}source"), source_tree, ns, "2.0", False)
    inline.write(etree.SubElement(found, f"{{{ns}}}target"), target_tree, ns, "2.0", False)


def _indent(element, level=0):
    """Indent the structure (files, units, notes...) but never inside a text element."""
    if element.tag.rpartition("}")[2] in TEXT_ELEMENTS or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


# --- Import ------------------------------------------------------------------------------------


class _Sources:
    """The live units that contexts name, read once per object (for their source text and
    codes); None for a context that names no unit (the PO checks then say why)."""

    def __init__(self, lang):
        self.lang = lang
        self.objects = {}

    def unit(self, context):
        parsed = po._parse_context(context)
        if parsed is None:
            return None
        model, pk, field_name, path = parsed
        if (model, pk) not in self.objects:
            obj = model._default_manager.filter(pk=pk).first()
            found = {}
            if obj is not None and type(obj) is model:
                found = {(u.field, u.path): u for u in units(obj, self.lang)}
            self.objects[(model, pk)] = found
        return self.objects[(model, pk)].get((field_name, path))


def import_xliff(data, lang, user=None, publish=False):
    """Check every unit of an XLIFF 1.2 or 2.0 file, then write all its translations or none
    (as po.import_po, with the same report)."""
    report = po.ImportReport(language=lang, publish=publish)
    if po.language_problem(lang):
        report.error(po.language_problem(lang))
        return report
    try:
        root = safexml.parse(data)
    except safexml.UnsafeXML as exc:
        report.error(_("%(reason)s Nothing was imported.") % {"reason": exc})
        return report
    version = version_of(root)
    if version is None:
        report.error(_("The file is not an XLIFF 1.2 or 2.0 document. Nothing was imported."))
        return report
    entries = list(_entries(root, version, lang, report))
    return po.import_entries(entries, report, user, publish)


def version_of(root):
    """ "1.2" or "2.0" for an XLIFF document's root element, else None."""
    for version, ns in NS.items():
        if root.tag == f"{{{ns}}}xliff":
            return version
    return None


def _declared_languages(root, version):
    """[(target language, line)] the document declares."""
    if version == "2.0":
        return [(root.get("trgLang", ""), root.sourceline)]
    files = root.iter(f"{{{NS['1.2']}}}file")
    return [(file.get("target-language", ""), file.sourceline) for file in files]


def _entries(root, version, lang, report):
    for declared, line in _declared_languages(root, version):
        if not po._language_matches(declared, lang):
            report.error(
                _("The file is for language “%(declared)s”, not “%(language)s”.")
                % {"declared": declared or "?", "language": lang},
                line=line,
            )
    sources = _Sources(lang)
    tag = "trans-unit" if version == "1.2" else "unit"
    for element in root.iter(f"{{{NS[version]}}}{tag}"):
        yield _entry(element, version, sources)


def _parts_12(element):
    """(source element, target element or None, written?) of a 1.2 trans-unit."""
    ns = NS["1.2"]
    source, target = element.find(f"{{{ns}}}source"), element.find(f"{{{ns}}}target")
    written = target is not None and target.get("state") in WRITTEN["1.2"]
    return [source] if source is not None else [], [target] if target is not None else [], written


def _parts_20(element):
    """The sources and targets of a 2.0 unit's segments and ignorables, in order, and whether
    every segment is in a state that is written."""
    ns, sources, targets, written = NS["2.0"], [], [], True
    for part in element:
        if part.tag not in (f"{{{ns}}}segment", f"{{{ns}}}ignorable"):
            continue
        source, target = part.find(f"{{{ns}}}source"), part.find(f"{{{ns}}}target")
        sources += [source] if source is not None else []
        targets += [target] if target is not None else []
        if part.tag == f"{{{ns}}}segment":
            written = written and part.get("state", "initial") in WRITTEN["2.0"]
    return sources, targets, written and bool(targets)


def _entry(element, version, sources):
    """One unit of the file as a po.Entry: its context, its source text (the unit's own when
    the file's source is the same text with the same codes) and its translation."""
    context = context_of(element.get("id", ""), version)
    source_parts, target_parts, written = (_parts_12 if version == "1.2" else _parts_20)(element)
    entry = po.Entry(context, "", "", [] if written else ["fuzzy"], element.sourceline)
    unit = sources.unit(context)
    rich = unit is not None and unit.kind == "richtext"
    nodes, codes = inline.parse_html(unit.source) if rich else ([unit.source] if unit else [], {})
    try:
        file_source = [node for part in source_parts for node in inline.read(part, version)]
        file_target = [node for part in target_parts for node in inline.read(part, version)]
    except (inline.InlineProblem, ValueError) as exc:
        entry.problem = str(exc) if isinstance(exc, inline.InlineProblem) else _("Unreadable text.")
        entry.msgid, entry.msgstr = (unit.source if unit else ""), "?"
        return entry
    same = unit is not None and inline.shape(file_source) == inline.shape(nodes)
    entry.msgid = unit.source if same else _plain(file_source)
    try:
        entry.msgstr = inline.to_html(file_target, codes, rich)
    except inline.InlineProblem as exc:
        entry.problem, entry.msgstr = str(exc), _plain(file_target) or "?"
    if not target_parts:
        entry.msgstr = ""
    return entry


def _plain(nodes):
    return "".join(node if isinstance(node, str) else _plain(node.children) for node in nodes)


def looks_like_xml(data, name=""):
    """Whether an upload is XML (an XLIFF file) rather than a PO file: by its first character,
    or its extension when it is empty."""
    head = data[:200].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n") if data else b""
    if head:
        return head.startswith(b"<")
    return name.lower().endswith((".xlf", ".xliff", ".xml"))
